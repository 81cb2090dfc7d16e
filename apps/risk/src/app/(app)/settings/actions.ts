'use server';
import { revalidatePath } from 'next/cache';
import { TRPCError } from '@trpc/server';
import { ZRiskSettingsInput } from '@platform/finance';
import { GRADES, type TSettingsFormState } from '@platform/finance/ui';
import { serverCaller } from '../../../server/router';

export async function saveSettingsAction(_previous: TSettingsFormState, form: FormData): Promise<TSettingsFormState> {
  const percent = (name: string) => Number(form.get(name)) / 100;
  const parsed = ZRiskSettingsInput.safeParse({
    lgd: percent('lgd'),
    bands: GRADES.map((grade) => ({ grade, maxPd: percent(`maxPd.${grade}`), description: String(form.get(`description.${grade}`) ?? '') })),
  });
  if (!parsed.success) {
    // Say which grade a band's error belongs to: the schema's message names the field, the path the row.
    const where = (path: readonly PropertyKey[]) => (path[0] === 'bands' && typeof path[1] === 'number' ? `Grade ${GRADES[path[1]] ?? '?'}: ` : '');
    return { ok: false, message: parsed.error.issues.map((i) => `${where(i.path)}${i.message}`).join('; ') };
  }
  try {
    const { regraded } = await (await serverCaller()).finance.settings.update(parsed.data);
    revalidatePath('/settings');
    return { ok: true, message: `Saved. Re-graded ${regraded} applications.` };
  } catch (error) {
    if (error instanceof TRPCError) return { ok: false, message: error.message };
    throw error;
  }
}
