import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { io } from '@tensorflow/tfjs';

// tfjs-node's file:// handler is unavailable when tfjs-node is (see offline-toolchain.md), so this writes the
// same layout itself: model.json (topology + weights manifest) and one weights.bin. A directory written here
// loads with tfjs-node's `file://dir/model.json` too, and vice versa.
const MODEL_JSON = 'model.json';
const WEIGHTS_BIN = 'weights.bin';

/**
 * IOHandler that saves/loads a tfjs model as `dir/model.json` + `dir/weights.bin`.
 *
 * @example
 * await model.save(fileSystemIO({ dir: 'runs/42' }));
 * const again = await tf.loadLayersModel(fileSystemIO({ dir: 'runs/42' }));
 */
export function fileSystemIO({ dir }: { dir: string }): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('fileSystemIO: binary topologies are not supported');
      const weightData = artifacts.weightData === undefined ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        trainingConfig: artifacts.trainingConfig,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
      };
      await mkdir(dir, { recursive: true });
      // Write-then-rename so a crash mid-save never leaves a half checkpoint that looks complete.
      await writeFile(join(dir, `${WEIGHTS_BIN}.tmp`), new Uint8Array(weightData));
      await writeFile(join(dir, `${MODEL_JSON}.tmp`), JSON.stringify(modelJson));
      await rename(join(dir, `${WEIGHTS_BIN}.tmp`), join(dir, WEIGHTS_BIN));
      await rename(join(dir, `${MODEL_JSON}.tmp`), join(dir, MODEL_JSON));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON({ ...artifacts, weightData }) };
    },
    async load(): Promise<io.ModelArtifacts> {
      const json = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as io.ModelJSON;
      const weightSpecs: io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of json.weightsManifest) {
        weightSpecs.push(...group.weights);
        for (const path of group.paths) {
          const bytes = await readFile(join(dir, path));
          buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
        }
      }
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        trainingConfig: json.trainingConfig,
        userDefinedMetadata: json.userDefinedMetadata,
        weightSpecs,
        weightData: tf.io.CompositeArrayBuffer.join(buffers),
      };
    },
  };
}
