import { z } from 'zod';

export const ZOneHotJson = z.object({
  kind: z.literal('one-hot'),
  vocabulary: z.array(z.string()),
  handleUnknown: z.enum(['error', 'ignore']),
});
export type TOneHotJson = z.infer<typeof ZOneHotJson>;

/**
 * One-hot encoding of one categorical column with a stored vocabulary (sorted, so column order does not
 * depend on row order). Unknown values at serving time either throw (default) or encode as all zeros.
 * @example
 * const enc = OneHotEncoder.fit({ values: ['A40', 'A43', 'A40'] });
 * enc.transform({ values: ['A43'] }); // [[0, 1]]
 * enc.featureNames({ prefix: 'purpose' }); // ['purpose=A40', 'purpose=A43']
 */
export class OneHotEncoder {
  private readonly position: ReadonlyMap<string, number>;

  private constructor(
    readonly vocabulary: readonly string[],
    readonly handleUnknown: 'error' | 'ignore',
  ) {
    this.position = new Map(vocabulary.map((v, i) => [v, i]));
  }

  static fit({ values, handleUnknown = 'error' }: { values: readonly string[]; handleUnknown?: 'error' | 'ignore' }): OneHotEncoder {
    if (values.length === 0) throw new Error('OneHotEncoder.fit: values is empty');
    return new OneHotEncoder([...new Set(values)].sort(), handleUnknown);
  }

  static fromJSON(json: unknown): OneHotEncoder {
    const parsed = ZOneHotJson.parse(json);
    if (new Set(parsed.vocabulary).size !== parsed.vocabulary.length) {
      throw new Error('OneHotEncoder.fromJSON: vocabulary has duplicates');
    }
    return new OneHotEncoder(parsed.vocabulary, parsed.handleUnknown);
  }

  transform({ values }: { values: readonly string[] }): number[][] {
    return values.map((v, i) => {
      const row = new Array<number>(this.vocabulary.length).fill(0);
      const at = this.position.get(v);
      if (at !== undefined) row[at] = 1;
      else if (this.handleUnknown === 'error') {
        throw new Error(`OneHotEncoder.transform: unknown category ${JSON.stringify(v)} at index ${i} (vocabulary: ${this.vocabulary.join(', ')})`);
      }
      return row;
    });
  }

  featureNames({ prefix }: { prefix: string }): string[] {
    return this.vocabulary.map((v) => `${prefix}=${v}`);
  }

  toJSON(): TOneHotJson {
    return { kind: 'one-hot', vocabulary: [...this.vocabulary], handleUnknown: this.handleUnknown };
  }
}
