import { describe, expect, it } from 'vitest';
import { buildModelCard, renderModelCardMarkdown } from './model-card';

const input = {
  intendedUse: 'Rank | review',
  outOfScopeUse: ['Automated decisions'],
  trainingData: { description: 'Rows.', rows: 10 },
  limitations: ['Small'],
  ethicalConsiderations: ['Check groups'],
};

describe('model card', () => {
  it('splits overall metrics from a slice table with gaps, and renders both', () => {
    const card = buildModelCard({
      model: { name: 'm', domain: 'd', task: 't', description: 'desc' },
      version: { number: 4, dataFingerprint: 'a'.repeat(64), codeVersion: 'git:abc', backend: 'wasm', hyperparameters: { l2: 0.01 } },
      metrics: [
        { name: 'auc', value: 0.8, slice: 'all', split: 'test' },
        { name: 'auc', value: 0.7, slice: 'young', split: 'test' },
        { name: 'tpr', value: 0.6, slice: 'old', split: 'test' },
      ],
      input,
      createdAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(card.evaluation.overall).toEqual([{ name: 'auc', value: 0.8, split: 'test' }]);
    expect(card.evaluation.bySlice).toEqual({
      metrics: ['auc', 'tpr'],
      rows: [
        { slice: 'old', split: 'test', values: [null, 0.6] },
        { slice: 'young', split: 'test', values: [0.7, null] },
      ],
    });
    expect(card.trainingData.fingerprint).toBe('a'.repeat(64));
    const md = renderModelCardMarkdown(card);
    expect(md.startsWith('# Model card: m v4\n')).toBe(true);
    expect(md).toContain('| auc | test | 0.8000 |');
    expect(md).toContain('| Slice | Split | auc | tpr |');
    expect(md).toContain('| old | test | — | 0.6000 |');
    expect(md).toContain('Rank | review'); // prose keeps its pipe; only table cells escape it
    expect(md).toContain('- Automated decisions');
    expect(md).toContain('"l2": 0.01');
  });
});
