// Shared input checks: every metric fails with a message naming the function and the input at fault,
// rather than returning NaN that would be stored as a model's score.

export function checkNonEmpty(fn: string, name: string, values: ArrayLike<unknown>): void {
  if (values.length === 0) throw new Error(`${fn}: ${name} is empty`);
}

export function checkSameLength(fn: string, a: [string, ArrayLike<unknown>], b: [string, ArrayLike<unknown>]): void {
  if (a[1].length !== b[1].length) {
    throw new Error(`${fn}: ${a[0]} has ${a[1].length} values but ${b[0]} has ${b[1].length}`);
  }
}

export function checkFinite(fn: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || !Number.isFinite(v)) throw new Error(`${fn}: ${name}[${i}] is not a finite number (${String(v)})`);
  }
}

export function checkBinaryLabels(fn: string, labels: ArrayLike<number>): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new Error(`${fn}: labels[${i}] is ${String(v)}; labels must be 0 or 1`);
  }
}

/** Labels 0/1, scores finite, same non-zero length. */
export function checkBinaryScores(fn: string, labels: ArrayLike<number>, scores: ArrayLike<number>, scoreName = 'scores'): void {
  checkNonEmpty(fn, 'labels', labels);
  checkSameLength(fn, ['labels', labels], [scoreName, scores]);
  checkBinaryLabels(fn, labels);
  checkFinite(fn, scoreName, scores);
}

/** Ranking metrics are undefined when one class is absent; say so instead of returning NaN. */
export function checkBothClasses(fn: string, labels: ArrayLike<number>): { positives: number; negatives: number } {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new Error(`${fn}: labels contain only class ${positives === 0 ? 0 : 1}; the metric needs both classes`);
  }
  return { positives, negatives };
}

export function checkProbabilities(fn: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || !(v >= 0 && v <= 1)) throw new Error(`${fn}: ${name}[${i}] is ${String(v)}; probabilities must lie in [0, 1]`);
  }
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] ?? 0;
  return s / values.length;
}
