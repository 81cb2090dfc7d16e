// Server-action plumbing for the strategy forms: FormData into the procedures' inputs, and their refusals into
// the form's state (the message, and each field's errors beside it).
import { TRPCError } from '@trpc/server';
import { ZodError, z, type ZodType } from 'zod';
import { AppError } from '@platform/util';
import type { TStrategyFormState } from '@platform/strategy/ui';

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

/** An optional field: empty means null. */
export const optionalText = (form: FormData, name: string) => {
  const v = text(form, name).trim();
  return v === '' ? null : v;
};

/** A percentage typed by the user as a fraction (8 → 0.08); empty stays empty so the schema names it. */
export const percentField = (form: FormData, name: string) => {
  const v = text(form, name).trim();
  return v === '' ? undefined : Number(v) / 100;
};

export { text as formText };

function fromZod(error: ZodError): TStrategyFormState {
  const fieldErrors = z.flattenError(error).fieldErrors as Record<string, string[]>;
  return { ok: false, message: error.issues.map((i) => i.message).join('; '), fieldErrors };
}

/** Parses with the procedure's own schema first (the same messages), then calls it; refusals become state. */
export async function runFormAction<TInput, TResult>({ schema, raw, call, done }: { schema: ZodType<TInput>; raw: unknown; call: (input: TInput) => Promise<TResult>; done: (result: TResult) => TStrategyFormState }): Promise<TStrategyFormState> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return fromZod(parsed.error);
  try {
    return done(await call(parsed.data));
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.cause instanceof ZodError) return fromZod(error.cause);
      if (error.cause instanceof AppError) return { ok: false, message: error.message, fieldErrors: error.cause.fieldErrors };
      return { ok: false, message: error.message };
    }
    throw error;
  }
}
