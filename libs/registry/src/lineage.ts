import fs from 'node:fs';
import path from 'node:path';
import { repoRoot as defaultRepoRoot } from '@platform/db';
import { readRegistryEnv } from './env';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The git directory of a checkout: `.git` itself, or where a worktree's `.git` file points (`gitdir: ...`). */
function gitDirOf(root: string): { gitDir: string; commonDir: string } | undefined {
  const dotGit = path.join(root, '.git');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dotGit);
  } catch {
    return undefined;
  }
  if (stat.isDirectory()) return { gitDir: dotGit, commonDir: dotGit };
  const pointer = readText(dotGit)?.match(/^gitdir:\s*(.+)\s*$/m)?.[1];
  if (pointer === undefined) return undefined;
  const gitDir = path.resolve(root, pointer);
  // A worktree keeps HEAD in its own dir and refs in the main repository's (named by `commondir`).
  const common = readText(path.join(gitDir, 'commondir'))?.trim();
  return { gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir };
}

/** Resolves a ref such as `refs/heads/main` from its loose file or from `packed-refs` (after `git gc`). */
function resolveRef({ dirs, ref }: { dirs: string[]; ref: string }): string | undefined {
  for (const dir of dirs) {
    const loose = readText(path.join(dir, ref))?.trim();
    if (loose !== undefined && SHA.test(loose)) return loose;
  }
  for (const dir of dirs) {
    for (const line of readText(path.join(dir, 'packed-refs'))?.split('\n') ?? []) {
      const [sha, name] = line.trim().split(' ');
      if (name === ref && sha !== undefined && SHA.test(sha)) return sha;
    }
  }
  return undefined;
}

/**
 * The git commit of the checkout at `root`, read from `.git/HEAD` and the ref it names (no `git` process,
 * which production images often lack). Undefined when there is no repository or no commit yet.
 * @example readGitCommit({ root: '/srv/platform' }); // '67a54db3…' (40 hex)
 */
export function readGitCommit({ root = defaultRepoRoot }: { root?: string } = {}): string | undefined {
  const dirs = gitDirOf(root);
  if (dirs === undefined) return undefined;
  const head = readText(path.join(dirs.gitDir, 'HEAD'))?.trim();
  if (head === undefined) return undefined;
  if (SHA.test(head)) return head; // detached HEAD
  const ref = head.match(/^ref:\s*(\S+)$/)?.[1];
  if (ref === undefined) return undefined;
  return resolveRef({ dirs: [...new Set([dirs.gitDir, dirs.commonDir])], ref });
}

/**
 * What to record as a model version's `codeVersion`: `PLATFORM_CODE_VERSION` when the deployment sets it,
 * else `git:<commit>` of the checkout, else `<package>@<version>+unknown` (the commit cannot be known, so
 * the version only narrows it to a release). Uncommitted changes cannot be seen without running git, so a
 * git commit here means "built from this commit", not "identical to it".
 * @example readCodeVersion(); // 'git:67a54db3c2…'
 */
export function readCodeVersion({ root = defaultRepoRoot, env = readRegistryEnv() }: { root?: string; env?: { PLATFORM_CODE_VERSION?: string | undefined } } = {}): string {
  if (env.PLATFORM_CODE_VERSION !== undefined) return env.PLATFORM_CODE_VERSION;
  const commit = readGitCommit({ root });
  if (commit !== undefined) return `git:${commit}`;
  let name = 'platform';
  let version = '0.0.0';
  try {
    const pkg: unknown = JSON.parse(readText(path.join(root, 'package.json')) ?? '{}');
    if (typeof pkg === 'object' && pkg !== null) {
      if ('name' in pkg && typeof pkg.name === 'string') name = pkg.name;
      if ('version' in pkg && typeof pkg.version === 'string') version = pkg.version;
    }
  } catch {
    // An unreadable package.json still leaves a usable (if vague) code version.
  }
  return `${name}@${version}+unknown`;
}
