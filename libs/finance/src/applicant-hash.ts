// The content key of an applicant: recognises the same applicant imported twice without a declared id.
import { createHash } from 'node:crypto';
import { ATTRIBUTES, type TApplicantAttributes } from './codebook';

/**
 * SHA-256 (hex) of the 20 attributes in codebook order joined by '|' (booleans as true/false, numbers in their
 * shortest form). The migration that added the column computes the same text in SQL for existing rows.
 * @example applicantContentHash({ attributes }) // 'e3b0…'
 */
export function applicantContentHash({ attributes }: { attributes: TApplicantAttributes }): string {
  return createHash('sha256')
    .update(ATTRIBUTES.map((a) => String(attributes[a.key])).join('|'))
    .digest('hex');
}
