import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The auth secret: from the environment, else generated once and kept in the git-ignored state folder. */
export function loadOrCreateSecret({ stateDir, fromEnv }: { stateDir: string; fromEnv?: string }): string {
  if (fromEnv) return fromEnv;
  const file = path.join(stateDir, 'auth-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(stateDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
