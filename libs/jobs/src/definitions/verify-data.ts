import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dataDir } from '@platform/db';
import { defineJob } from '../types';

const ZVerifyDataPayload = z.object({}).strict();

/**
 * Checks the real data sets under PLATFORM_DATA_DIR against their SHA256SUMS, file by file, so an operator
 * can prove the demo and benchmark data are the published ones. Streams each file: some are tens of MB.
 */
export const verifyDataJob = defineJob({
  kind: 'platform.verify-data',
  parse: (payload) => ZVerifyDataPayload.parse(payload ?? {}),
  settings: { expireInSeconds: 10 * 60, retryLimit: 2, retryDelaySeconds: 2 },
  async run({ progress }) {
    const root = dataDir();
    const sumsPath = path.join(root, 'SHA256SUMS');
    if (!fs.existsSync(sumsPath)) throw new Error(`No SHA256SUMS in data folder ${root}`);
    const entries = fs
      .readFileSync(sumsPath, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const match = /^([0-9a-f]{64})\s+\*?(.+)$/.exec(line);
        if (!match?.[1] || !match[2]) throw new Error(`Unreadable SHA256SUMS line: ${line}`);
        return { expected: match[1], file: match[2] };
      });
    const totalBytes = entries.reduce((sum, e) => {
      const p = path.join(root, e.file);
      return sum + (fs.existsSync(p) ? fs.statSync(p).size : 0);
    }, 0);
    let doneBytes = 0;
    const files: { file: string; ok: boolean; reason?: string }[] = [];
    for (const entry of entries) {
      const filePath = path.join(root, entry.file);
      if (!fs.existsSync(filePath)) {
        files.push({ file: entry.file, ok: false, reason: 'missing' });
        continue;
      }
      const hash = createHash('sha256');
      await new Promise<void>((resolve, reject) => {
        fs.createReadStream(filePath)
          .on('data', (chunk) => hash.update(chunk))
          .on('end', () => resolve())
          .on('error', reject);
      });
      const actual = hash.digest('hex');
      doneBytes += fs.statSync(filePath).size;
      files.push(actual === entry.expected ? { file: entry.file, ok: true } : { file: entry.file, ok: false, reason: 'checksum differs' });
      await progress(totalBytes > 0 ? doneBytes / totalBytes : 1, `Checked ${entry.file}`);
    }
    const failed = files.filter((f) => !f.ok);
    return { result: { checked: files.length, failed: failed.length, files } };
  },
});
