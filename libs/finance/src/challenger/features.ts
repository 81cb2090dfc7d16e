// Numeric encoding of decoded applications for the challenger MLP: one-hot categories, 0/1 flags, raw numbers
// (standardised later, on training rows only). The protected attributes the scorecard never scores on are
// left out here too, so the two models see the same information.
import { ATTRIBUTES, type TApplicantAttributes, type TAttributeKey } from '../codebook';
import { PROTECTED_ATTRIBUTES } from '../scorecard/scorecard';

export interface TEncodedColumn {
  /** The attribute the column comes from: Shapley values are summed per attribute for reason codes. */
  key: TAttributeKey;
  name: string;
}

export const CHALLENGER_INPUT_SPECS = ATTRIBUTES.filter((spec) => !PROTECTED_ATTRIBUTES.includes(spec.key));

/** The attributes the challenger reads, in column-group order. */
export const CHALLENGER_INPUTS: readonly TAttributeKey[] = CHALLENGER_INPUT_SPECS.map((spec) => spec.key);

/** Column layout of `encodeApplicant`'s output. */
export const ENCODED_COLUMNS: readonly TEncodedColumn[] = CHALLENGER_INPUT_SPECS.flatMap((spec) =>
  spec.kind === 'categorical' ? spec.values.map((v) => ({ key: spec.key, name: `${spec.key}=${v}` })) : [{ key: spec.key, name: spec.key }],
);

/** @example encodeApplicant({ attributes }).length === ENCODED_COLUMNS.length */
export function encodeApplicant({ attributes }: { attributes: TApplicantAttributes }): number[] {
  return CHALLENGER_INPUT_SPECS.flatMap((spec) => {
    const v = attributes[spec.key];
    if (spec.kind === 'categorical') return spec.values.map((c) => (v === c ? 1 : 0));
    if (spec.kind === 'boolean') return [v === true ? 1 : 0];
    return [Number(v)];
  });
}

/**
 * One number per input attribute (category index, 0/1, or the number): the space Shapley values are computed
 * in, so a coalition swaps whole attributes and never mixes two one-hot columns of one attribute.
 */
export function attributeVector({ attributes }: { attributes: TApplicantAttributes }): number[] {
  return CHALLENGER_INPUT_SPECS.map((spec) => {
    const v = attributes[spec.key];
    if (spec.kind === 'categorical') return spec.values.indexOf(String(v));
    if (spec.kind === 'boolean') return v === true ? 1 : 0;
    return Number(v);
  });
}

/** `encodeApplicant` of an attribute vector, written into `out` at `offset` (no per-row allocation). */
export function encodeAttributeVector({ vector, out, offset }: { vector: readonly number[]; out: Float32Array; offset: number }): void {
  let col = offset;
  CHALLENGER_INPUT_SPECS.forEach((spec, i) => {
    const v = vector[i] ?? 0;
    if (spec.kind === 'categorical') {
      for (let c = 0; c < spec.values.length; c++) out[col + c] = c === v ? 1 : 0;
      col += spec.values.length;
    } else {
      out[col] = v;
      col += 1;
    }
  });
}
