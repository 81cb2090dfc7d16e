import { z } from 'zod';

export const ZStandardiserJson = z.object({
  kind: z.literal('standardiser'),
  mean: z.array(z.number()),
  std: z.array(z.number().positive()),
});
export type TStandardiserJson = z.infer<typeof ZStandardiserJson>;

/**
 * Per-column z-scoring, fitted on training rows only and stored with the model (toJSON/fromJSON) so
 * serving applies the exact same transform. Uses the population standard deviation (like sklearn's
 * StandardScaler); a constant column gets std 1 so it maps to 0 instead of dividing by zero.
 * @example
 * const scaler = Standardiser.fit({ rows: trainX });
 * const z = scaler.transform({ rows: testX });
 * const restored = Standardiser.fromJSON(JSON.parse(JSON.stringify(scaler)));
 */
export class Standardiser {
  private constructor(
    readonly mean: readonly number[],
    readonly std: readonly number[],
  ) {}

  static fit({ rows }: { rows: readonly (readonly number[])[] }): Standardiser {
    const first = rows[0];
    if (!first) throw new Error('Standardiser.fit: rows is empty');
    const d = first.length;
    const mean = new Array<number>(d).fill(0);
    const m2 = new Array<number>(d).fill(0);
    // Welford's update: stable for large offsets (e.g. credit amounts ~1e4 with small spread).
    rows.forEach((row, n) => {
      checkRow(row, d, n, 'Standardiser.fit');
      for (let j = 0; j < d; j++) {
        const x = row[j] ?? 0;
        const delta = x - (mean[j] ?? 0);
        mean[j] = (mean[j] ?? 0) + delta / (n + 1);
        m2[j] = (m2[j] ?? 0) + delta * (x - (mean[j] ?? 0));
      }
    });
    const std = m2.map((s) => {
      const sd = Math.sqrt(s / rows.length);
      return sd > 1e-12 ? sd : 1;
    });
    return new Standardiser(mean, std);
  }

  static fromJSON(json: unknown): Standardiser {
    const parsed = ZStandardiserJson.parse(json);
    if (parsed.mean.length !== parsed.std.length) throw new Error('Standardiser.fromJSON: mean and std lengths differ');
    return new Standardiser(parsed.mean, parsed.std);
  }

  transform({ rows }: { rows: readonly (readonly number[])[] }): number[][] {
    return rows.map((row, i) => {
      checkRow(row, this.mean.length, i, 'Standardiser.transform');
      return row.map((x, j) => (x - (this.mean[j] ?? 0)) / (this.std[j] ?? 1));
    });
  }

  inverseTransform({ rows }: { rows: readonly (readonly number[])[] }): number[][] {
    return rows.map((row, i) => {
      checkRow(row, this.mean.length, i, 'Standardiser.inverseTransform');
      return row.map((z, j) => z * (this.std[j] ?? 1) + (this.mean[j] ?? 0));
    });
  }

  toJSON(): TStandardiserJson {
    return { kind: 'standardiser', mean: [...this.mean], std: [...this.std] };
  }
}

function checkRow(row: readonly number[], d: number, i: number, fn: string): void {
  if (row.length !== d) throw new Error(`${fn}: row ${i} has ${row.length} values, expected ${d}`);
  const bad = row.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new Error(`${fn}: row ${i} column ${bad} is not finite (${row[bad]})`);
}
