import { describe, expect, it } from 'vitest';
import { ageBands, anonymise, categoryRollup, checkKAnonymity, checkLDiversity, numericBands } from './k-anonymity';

const rows = [
  { id: 1, age: 23, amount: 900, dept: 'cardiology', diagnosis: 'flu' },
  { id: 2, age: 27, amount: 1500, dept: 'oncology', diagnosis: 'cancer' },
  { id: 3, age: 24, amount: 800, dept: 'cardiology', diagnosis: 'cold' },
  { id: 4, age: 36, amount: 12000, dept: 'orthopaedics', diagnosis: 'fracture' },
  { id: 5, age: 38, amount: 15000, dept: 'orthopaedics', diagnosis: 'sprain' },
  { id: 6, age: 31, amount: 400, dept: 'cardiology', diagnosis: 'flu' },
  { id: 7, age: 62, amount: 30000, dept: 'oncology', diagnosis: 'cancer' },
];
const dept = categoryRollup({ levels: [{ cardiology: 'medicine', oncology: 'medicine', orthopaedics: 'surgery' }] });

describe('hierarchies', () => {
  it('bands numbers by width or explicit edges and tops out at *', () => {
    const age = ageBands();
    expect([0, 1, 2, 3, 4].map((l) => age.generalise(37, l))).toEqual(['37', '[35, 40)', '[30, 40)', '[20, 40)', '*']);
    const amount = numericBands({ levels: [[0, 1000, 5000, 20000]] });
    expect([900, 4999, 30000, -5].map((v) => amount.generalise(v, 1))).toEqual(['[0, 1000)', '[1000, 5000)', '≥20000', '<0']);
    expect(dept.generalise('oncology', 1)).toBe('medicine');
    expect(dept.generalise('dermatology', 1)).toBe('other');
    expect(dept.generalise('oncology', 2)).toBe('*');
  });
});

describe('checks', () => {
  it('finds the smallest class and l-diversity shortfalls', () => {
    const gen = rows.map((r) => ({ band: r.age < 30 ? 'young' : 'old', diagnosis: r.diagnosis }));
    // young: 1,2,3 (flu,cancer,cold); old: 4,5,6,7 (fracture,sprain,flu,cancer)
    expect(checkKAnonymity({ rows: gen, quasiIdentifiers: ['band'], k: 3 })).toMatchObject({ satisfied: true, minClassSize: 3, equivalenceClasses: 2 });
    expect(checkKAnonymity({ rows: gen, quasiIdentifiers: ['band'], k: 4 }).violatingClasses).toEqual(['["young"]']);
    expect(checkLDiversity({ rows: gen, quasiIdentifiers: ['band'], sensitive: 'diagnosis', l: 4 })).toMatchObject({ satisfied: false, minDistinctSensitive: 3 });
  });
});

describe('anonymise', () => {
  it('generalises greedily and suppresses within budget (hand-traced)', () => {
    // Trace: age 5-bands → 10-bands → 20-bands (3 bad, 3 bad, 2 bad), then dept → medicine/surgery:
    // only id 7 ([60,80), medicine) is alone, and 1 row fits the 15% budget of 7 rows.
    const r = anonymise({ rows, quasiIdentifiers: { age: ageBands(), dept }, k: 2, maxSuppression: 0.15 });
    expect(r.generalisation).toEqual([
      { column: 'age', level: 3, description: 'bands of width 20', distinctBefore: 7, distinctAfter: 1 },
      { column: 'dept', level: 1, description: 'roll-up level 1', distinctBefore: 3, distinctAfter: 2 },
    ]);
    expect(r.suppressedRows).toEqual([6]);
    expect(r.rows.map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.rows[0]).toEqual({ id: 1, age: '[20, 40)', amount: 900, dept: 'medicine', diagnosis: 'flu' });
    expect(r.check.satisfied).toBe(true);
    expect(r.check.minClassSize).toBe(2);
  });

  it('generalises further for l-diversity', () => {
    // l=3: the surgery class has only fracture/sprain; age → *, then dept → * (one class, 5 diagnoses).
    const r = anonymise({ rows, quasiIdentifiers: { age: ageBands(), dept }, k: 2, sensitive: 'diagnosis', l: 3, maxSuppression: 0.15 });
    expect(r.generalisation.map((g) => g.level)).toEqual([4, 2]);
    expect(r.suppressedRows).toEqual([]);
    expect(r.check).toMatchObject({ satisfied: true, minDistinctSensitive: 5, equivalenceClasses: 1 });
  });
});
