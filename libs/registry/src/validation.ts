import type { z } from 'zod';
import { AppError } from '@platform/util';

/**
 * Parses with zod and turns failures into one BAD_INPUT AppError naming every bad field
 * (`version.dataFingerprint: must be a sha256 hex digest`), with `fieldErrors` for forms.
 */
export function parseOrThrow<S extends z.ZodType>({ schema, value, what }: { schema: S; value: unknown; what: string }): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || what;
    (fieldErrors[key] ??= []).push(issue.message);
  }
  const detail = Object.entries(fieldErrors).map(([k, v]) => `${k}: ${v.join(', ')}`).join('; ');
  throw new AppError({ code: 'BAD_INPUT', message: `Invalid ${what}: ${detail}`, fieldErrors });
}
