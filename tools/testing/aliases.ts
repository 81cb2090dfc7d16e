import fs from 'node:fs';
import path from 'node:path';

/** Vite aliases generated from tsconfig.base.json `paths`, so tests resolve libs exactly as tsc and Next do. */
export function tsconfigAliases(root: string): { find: RegExp; replacement: string }[] {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return Object.entries(tsconfig.compilerOptions.paths)
    .map(([key, targets]) => {
      const target = targets[0] ?? '';
      return key.includes('*')
        ? { find: new RegExp(`^${escape(key).replace('\\*', '(.+)')}$`), replacement: path.join(root, target.replace('*', '$1')) }
        : { find: new RegExp(`^${escape(key)}$`), replacement: path.join(root, target) };
    })
    // Exact keys before wildcards so '@platform/ml-core' is not taken by '@platform/ml-core/*'.
    .sort((a, b) => Number(a.find.source.includes('(.+)')) - Number(b.find.source.includes('(.+)')));
}
