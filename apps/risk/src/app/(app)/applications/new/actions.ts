'use server';
import { redirect } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { ZNewApplicationInput } from '@platform/finance';
import { ATTRIBUTES, type TNewApplicationFormState } from '@platform/finance/ui';
import { AppError } from '@platform/util';
import { serverCaller } from '../../../../server/router';

export async function createApplicationAction(_previous: TNewApplicationFormState, form: FormData): Promise<TNewApplicationFormState> {
  const raw = Object.fromEntries(
    ATTRIBUTES.map((a) => {
      const v = form.get(a.key);
      const text = typeof v === 'string' ? v.trim() : '';
      if (a.kind === 'boolean') return [a.key, text === 'yes' ? true : text === 'no' ? false : undefined];
      return [a.key, text === '' ? undefined : text];
    }),
  );
  const parsed = ZNewApplicationInput.safeParse(raw);
  if (!parsed.success) return { message: 'Some fields need attention', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  let id: string;
  try {
    const caller = await serverCaller();
    ({ id } = await caller.finance.applications.create(parsed.data));
  } catch (error) {
    if (error instanceof TRPCError) return { message: error.message, fieldErrors: error.cause instanceof AppError ? (error.cause.fieldErrors ?? null) : null };
    throw error;
  }
  redirect(`/applications/${id}`);
}
