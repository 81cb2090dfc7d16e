// The period picker: preset links, and a plain GET form for custom dates (works without JavaScript).
import { cn } from '@platform/ui';
import { CREDIT_RISK_PRESETS, type TCreditRiskPreset, type TCreditRiskRangeField } from '../credit-risk-range';

const FIELD_ID = { from: 'credit-risk-from', to: 'credit-risk-to' } as const;

export function CreditRiskRangePicker({
  current,
  values,
  fieldErrors = {},
}: {
  /** The period shown now; null while the request's period is invalid. */
  current: TCreditRiskPreset | 'custom' | null;
  values: { from: string; to: string };
  fieldErrors?: Partial<Record<TCreditRiskRangeField, string[]>>;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      <nav aria-label="Period" className="flex gap-2">
        {CREDIT_RISK_PRESETS.map((p) => (
          <a
            key={p.key}
            href={`?range=${p.key}`}
            aria-current={current === p.key ? 'page' : undefined}
            className={cn('rounded-full border px-3 py-1', current === p.key ? 'border-indigo-600 bg-indigo-50 font-medium text-indigo-800' : 'border-slate-300 text-slate-600 hover:text-slate-900')}
          >
            {p.label}
          </a>
        ))}
      </nav>
      <form method="get" aria-label="Custom period" className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="range" value="custom" />
        {(['from', 'to'] as const).map((field) => {
          const errors = fieldErrors[field];
          return (
            // The error sits outside the label: the input's name stays "From date", the error is its description.
            <div key={field} className="flex flex-col gap-1">
              <label htmlFor={FIELD_ID[field]} className="text-xs font-medium text-slate-600">
                {field === 'from' ? 'From date' : 'To date'}
              </label>
              <input
                id={FIELD_ID[field]}
                name={field}
                type="date"
                defaultValue={values[field]}
                aria-invalid={errors ? true : undefined}
                aria-describedby={errors ? `${FIELD_ID[field]}-error` : undefined}
                className={cn('rounded border px-2 py-1', errors ? 'border-red-500' : current === 'custom' ? 'border-indigo-600' : 'border-slate-300')}
              />
              {errors ? (
                <span id={`${FIELD_ID[field]}-error`} className="text-xs text-red-700">
                  {errors.join(' ')}
                </span>
              ) : null}
            </div>
          );
        })}
        <button type="submit" className="rounded bg-indigo-600 px-3 py-1 font-medium text-white">
          Apply dates
        </button>
      </form>
    </div>
  );
}
