/** What a strategy form's server action answers: a message and, when refused, the fields at fault. */
export interface TStrategyFormState {
  ok: boolean;
  message: string | null;
  fieldErrors?: Record<string, string[]>;
}

export const INITIAL_FORM_STATE: TStrategyFormState = { ok: false, message: null };
