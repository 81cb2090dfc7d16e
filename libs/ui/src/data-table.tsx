import type { ReactNode } from 'react';

export interface TColumn<TRow> {
  key: string;
  header: string;
  cell: (row: TRow) => ReactNode;
  align?: 'left' | 'right';
}

/** A plain, accessible table; pagination and sorting are driven by the page (server-side). */
export function DataTable<TRow>({ columns, rows, rowKey, caption }: { columns: TColumn<TRow>[]; rows: TRow[]; rowKey: (row: TRow) => string; caption?: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`px-3 py-2 font-medium text-slate-600 ${c.align === 'right' ? 'text-right' : 'text-left'}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td key={c.key} className={`px-3 py-2 ${c.align === 'right' ? 'text-right tabular-nums' : ''}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
