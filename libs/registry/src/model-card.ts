import type { TJsonValue, TModelCardInput } from './schemas';

export interface TModelCardMetric {
  name: string;
  value: number;
  split: string;
}

/** A JSON model card (after Mitchell et al., "Model Cards for Model Reporting"), stored in ModelVersion.card. */
export interface TModelCard {
  schemaVersion: 1;
  model: { name: string; version: number; domain: string; task: string; description: string };
  intendedUse: string;
  outOfScopeUse: string[];
  trainingData: { description: string; source: string | null; rows: number | null; fingerprint: string };
  evaluation: {
    method: string | null;
    /** Metrics on the whole split (slice 'all'). */
    overall: TModelCardMetric[];
    /** Metrics by slice: one row per slice/split, one column per metric name (null where not measured). */
    bySlice: { metrics: string[]; rows: { slice: string; split: string; values: (number | null)[] }[] };
  };
  limitations: string[];
  ethicalConsiderations: string[];
  training: {
    backend: string;
    hyperparameters: Record<string, TJsonValue>;
    codeVersion: string;
    parentVersionId: string | null;
    trainingRunId: string | null;
  };
  createdAt: string;
}

/**
 * Builds a model card from what a person wrote (`input`) and what the registry knows (metrics, lineage).
 * @example
 * const card = buildModelCard({ model, version: { number: 3, dataFingerprint, codeVersion, backend, hyperparameters },
 *   metrics: [{ name: 'auc', value: 0.79, slice: 'all', split: 'cv' }], input });
 */
export function buildModelCard({
  model,
  version,
  metrics,
  input,
  trainingRunId = null,
  createdAt = new Date(),
}: {
  model: { name: string; domain: string; task: string; description: string };
  version: { number: number; dataFingerprint: string; codeVersion: string; backend: string; hyperparameters: Record<string, TJsonValue>; parentVersionId?: string | null };
  metrics: { name: string; value: number; slice: string; split: string }[];
  input: TModelCardInput;
  trainingRunId?: string | null;
  createdAt?: Date;
}): TModelCard {
  const overall = metrics.filter((m) => m.slice === 'all').map((m) => ({ name: m.name, value: m.value, split: m.split }));
  const sliced = metrics.filter((m) => m.slice !== 'all');
  const metricNames = [...new Set(sliced.map((m) => m.name))].sort();
  const rowKeys = [...new Set(sliced.map((m) => JSON.stringify([m.slice, m.split])))].sort();
  const rows = rowKeys.map((key) => {
    const [slice = '', split = ''] = JSON.parse(key) as string[];
    return { slice, split, values: metricNames.map((n) => sliced.find((m) => m.slice === slice && m.split === split && m.name === n)?.value ?? null) };
  });
  return {
    schemaVersion: 1,
    model: { name: model.name, version: version.number, domain: model.domain, task: model.task, description: model.description },
    intendedUse: input.intendedUse,
    outOfScopeUse: input.outOfScopeUse,
    trainingData: {
      description: input.trainingData.description,
      source: input.trainingData.source ?? null,
      rows: input.trainingData.rows ?? null,
      fingerprint: version.dataFingerprint,
    },
    evaluation: { method: input.evaluation ?? null, overall, bySlice: { metrics: metricNames, rows } },
    limitations: input.limitations,
    ethicalConsiderations: input.ethicalConsiderations,
    training: {
      backend: version.backend,
      hyperparameters: version.hyperparameters,
      codeVersion: version.codeVersion,
      parentVersionId: version.parentVersionId ?? null,
      trainingRunId,
    },
    createdAt: createdAt.toISOString(),
  };
}

// Markdown tables break on pipes and newlines inside cells.
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const num = (v: number | null): string => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(4));
const bullets = (items: string[]): string => items.map((i) => `- ${i}`).join('\n');

/**
 * Renders a card as Markdown for people (UI, review packs, audit exports).
 * @example const md = renderModelCardMarkdown(card); // '# Model card: credit-default-lr v3\n…'
 */
export function renderModelCardMarkdown(card: TModelCard): string {
  const parts: string[] = [
    `# Model card: ${card.model.name} v${card.model.version}`,
    `${card.model.description}\n\nDomain: ${card.model.domain} · Task: ${card.model.task} · Created: ${card.createdAt}`,
    `## Intended use\n\n${card.intendedUse}`,
    `## Out-of-scope use\n\n${bullets(card.outOfScopeUse)}`,
    [
      '## Training data',
      '',
      card.trainingData.description,
      '',
      ...(card.trainingData.source === null ? [] : [`- Source: ${card.trainingData.source}`]),
      ...(card.trainingData.rows === null ? [] : [`- Rows: ${card.trainingData.rows}`]),
      `- Fingerprint (sha256): \`${card.trainingData.fingerprint}\``,
    ].join('\n'),
  ];
  const evaluation = ['## Metrics', ''];
  if (card.evaluation.method !== null) evaluation.push(card.evaluation.method, '');
  if (card.evaluation.overall.length > 0) {
    evaluation.push('| Metric | Split | Value |', '| --- | --- | ---: |', ...card.evaluation.overall.map((m) => `| ${cell(m.name)} | ${cell(m.split)} | ${num(m.value)} |`), '');
  } else {
    evaluation.push('No overall metrics recorded.', '');
  }
  const { metrics, rows } = card.evaluation.bySlice;
  if (rows.length > 0) {
    evaluation.push(
      '### By slice',
      '',
      `| Slice | Split | ${metrics.map(cell).join(' | ')} |`,
      `| --- | --- | ${metrics.map(() => '---:').join(' | ')} |`,
      ...rows.map((r) => `| ${cell(r.slice)} | ${cell(r.split)} | ${r.values.map(num).join(' | ')} |`),
      '',
    );
  }
  parts.push(evaluation.join('\n').trimEnd());
  parts.push(`## Limitations\n\n${bullets(card.limitations)}`);
  parts.push(`## Ethical considerations\n\n${bullets(card.ethicalConsiderations)}`);
  parts.push(
    [
      '## Training',
      '',
      `- Backend: ${card.training.backend}`,
      `- Code version: ${card.training.codeVersion}`,
      `- Parent version: ${card.training.parentVersionId ?? 'none'}`,
      `- Training run: ${card.training.trainingRunId ?? 'not recorded'}`,
      '',
      '```json',
      JSON.stringify(card.training.hyperparameters, null, 2),
      '```',
    ].join('\n'),
  );
  return `${parts.join('\n\n')}\n`;
}
