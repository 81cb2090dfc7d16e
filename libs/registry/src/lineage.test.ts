import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@platform/db';
import { readCodeVersion, readGitCommit } from './lineage';

const sha = (c: string) => c.repeat(40);

function fakeRepo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lineage-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('code version', () => {
  it('matches `git rev-parse HEAD` on this checkout', () => {
    let expected: string | undefined;
    try {
      expected = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    } catch {
      return; // no git binary or no commit: nothing independent to compare with
    }
    expect(readGitCommit({ root: repoRoot })).toBe(expected);
  });

  it('reads loose refs, packed refs, detached heads and worktree pointers; falls back to the package version', () => {
    expect(readGitCommit({ root: fakeRepo({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/heads/main': `${sha('a')}\n` }) })).toBe(sha('a'));
    expect(readGitCommit({ root: fakeRepo({ '.git/HEAD': 'ref: refs/heads/main\n', '.git/packed-refs': `# pack-refs\n${sha('b')} refs/heads/other\n${sha('c')} refs/heads/main\n` }) })).toBe(sha('c'));
    expect(readGitCommit({ root: fakeRepo({ '.git/HEAD': `${sha('d')}\n` }) })).toBe(sha('d'));
    const main = fakeRepo({ 'repo/.git/refs/heads/feature': `${sha('e')}\n`, 'repo/.git/worktrees/wt/HEAD': 'ref: refs/heads/feature\n', 'repo/.git/worktrees/wt/commondir': '../..\n' });
    const wt = path.join(main, 'wt');
    fs.mkdirSync(wt);
    fs.writeFileSync(path.join(wt, '.git'), `gitdir: ${path.join(main, 'repo/.git/worktrees/wt')}\n`);
    expect(readGitCommit({ root: wt })).toBe(sha('e'));

    const noGit = fakeRepo({ 'package.json': JSON.stringify({ name: 'platform', version: '1.2.3' }) });
    expect(readCodeVersion({ root: noGit, env: {} })).toBe('platform@1.2.3+unknown');
    expect(readCodeVersion({ root: noGit, env: { PLATFORM_CODE_VERSION: 'image-42' } })).toBe('image-42');
    expect(readCodeVersion({ root: fakeRepo({ '.git/HEAD': 'ref: refs/heads/none\n', 'package.json': '{}' }), env: {} })).toBe('platform@0.0.0+unknown');
  });
});
