/** A batch model: one score per input row (a probability, a logit, a forecast…). */
export type PredictFn = (rows: number[][]) => number[];
