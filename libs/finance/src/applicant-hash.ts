// The content key of an applicant: recognises the same applicant imported twice without a declared id.
import { rowContentHash } from '@platform/model-ops';
import { GERMAN_CREDIT_SPEC, type TApplicantAttributes } from './codebook';

/**
 * SHA-256 (hex) of the 20 attributes in codebook order joined by '|' (booleans as true/false, numbers in their
 * shortest form): the shared row hash of the spec. The migration that added the column computes the same text
 * in SQL for existing rows.
 * @example applicantContentHash({ attributes }) // 'e3b0…'
 */
export function applicantContentHash({ attributes }: { attributes: TApplicantAttributes }): string {
  return rowContentHash({ spec: GERMAN_CREDIT_SPEC, row: { ...attributes } });
}
