import { createHash } from 'node:crypto';
import { InvalidOnnxModelError, validateOnnxSignature, ZExpectedSignature } from '@platform/ml-core/onnx';
import type { OnnxValueSignature, TExpectedSignature } from '@platform/ml-core/onnx';
import { AppError } from '@platform/util';
import type { TDbClient } from './db-client';
import { registerModelVersion } from './registry-service';
import type { TJsonValue, TMetricInput, TModelCardInput, TModelInput } from './schemas';

/** The backend recorded for models trained elsewhere and only served here. */
export const EXTERNAL_ONNX_BACKEND = 'external-onnx';

export interface TRegisterExternalOnnxInput {
  db: TDbClient;
  /** The .onnx file as uploaded. */
  bytes: Uint8Array;
  /** The signature the serving code will feed and read; the file must fit it exactly. */
  expected: TExpectedSignature;
  model: TModelInput;
  card: TModelCardInput;
  /** Metrics the provider reports or a local evaluation measured (optional: an external model may come without). */
  metrics?: TMetricInput[];
  /** Where the file came from (vendor, export tool, ticket...): kept in the version's hyper-parameters. */
  provenance?: Record<string, TJsonValue>;
  parentVersionId?: string;
  codeVersion?: string;
  setChampion?: boolean;
  versionId?: string;
}

const signatureJson = (values: OnnxValueSignature[]): TJsonValue => values.map((v) => ({ name: v.name, dtype: v.dtype, shape: v.shape }));

/**
 * Registers an ONNX model trained outside the platform (e.g. a hospital's own PyTorch export) as a model
 * version, after checking that the file is a loadable ONNX model whose inputs and outputs match what the
 * caller declares. A file that does not fit is refused with AppError('BAD_INPUT') naming every mismatch, and
 * nothing is stored. The version's data fingerprint is the sha256 of the file (the training data is unknown
 * here) and its backend is 'external-onnx'.
 *
 * @example
 * const v = await registerExternalOnnxModel({
 *   db, bytes: await readFile('hospital-cxr.onnx'),
 *   expected: { inputs: [{ name: 'image', dtype: 'float32', shape: ['N', 28, 28, 1] }], outputs: [{ dtype: 'float32', shape: ['N', 1] }] },
 *   model: { name: 'hospital-cxr', domain: 'imaging', task: 'binary-classification', description: 'Partner CNN.' },
 *   card,
 * });
 * v.artifacts[0]?.sha256; // sha256 of the file
 */
export async function registerExternalOnnxModel(options: TRegisterExternalOnnxInput) {
  const { db, bytes, model, card, metrics = [], provenance = {}, parentVersionId, codeVersion, setChampion = false, versionId } = options;
  const expected = ZExpectedSignature.safeParse(options.expected);
  if (!expected.success) {
    throw new AppError({ code: 'BAD_INPUT', message: `Declared signature is invalid: ${expected.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
  }
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
    throw new AppError({ code: 'BAD_INPUT', message: `External model ${model.name}: the ONNX file is empty` });
  }
  let check: Awaited<ReturnType<typeof validateOnnxSignature>>;
  try {
    // The runtime check loads the file in onnxruntime: a file that parses but cannot run must not be registered.
    check = await validateOnnxSignature({ bytes, expected: expected.data, runtimeCheck: true });
  } catch (error) {
    if (error instanceof InvalidOnnxModelError) {
      throw new AppError({ code: 'BAD_INPUT', message: `External model ${model.name} is not a usable ONNX file: ${error.message}` });
    }
    throw error;
  }
  if (!check.ok) {
    throw new AppError({
      code: 'BAD_INPUT',
      message: `External model ${model.name} does not fit the declared signature: ${check.errors.join('; ')}`,
      fieldErrors: { expected: check.errors },
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return registerModelVersion({
    db,
    model,
    version: {
      dataFingerprint: sha256,
      backend: EXTERNAL_ONNX_BACKEND,
      codeVersion,
      parentVersionId,
      // What the registry knows about an external model is its file: signature, producer and opsets.
      hyperparameters: {
        source: 'external',
        producer: check.model.producer,
        irVersion: check.model.irVersion,
        opsets: check.model.opsets.map((o) => ({ domain: o.domain, version: o.version })),
        inputs: signatureJson(check.model.inputs),
        outputs: signatureJson(check.model.outputs),
        provenance,
      },
    },
    metrics,
    artifacts: [{ kind: 'onnx', mediaType: 'application/onnx', content: bytes }],
    card,
    setChampion,
    versionId,
  });
}
