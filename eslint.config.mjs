import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', 'libs/db/src/generated/**', '**/next-env.d.ts', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The layering the conventions describe, enforced: a tag with no rule behind it enforces nothing.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'scope:finance', onlyDependOnLibsWithTags: ['scope:finance', 'scope:shared'] },
            { sourceTag: 'scope:imaging', onlyDependOnLibsWithTags: ['scope:imaging', 'scope:shared'] },
            { sourceTag: 'scope:retail', onlyDependOnLibsWithTags: ['scope:retail', 'scope:shared'] },
            // The strategy app is the executives' dashboard: it composes the aggregates finance publishes for
            // them (finance.kpis). Strategy libs stay within their own domain.
            { sourceTag: 'scope:strategy', onlyDependOnLibsWithTags: ['scope:strategy', 'scope:finance', 'scope:shared'] },
            { allSourceTags: ['scope:strategy', 'type:feature'], notDependOnLibsWithTags: ['scope:finance'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:util'] },
            { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:util'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util'] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
          ],
        },
      ],
    },
  },
  {
    // ml-core is vertical-agnostic: it may not reach the database, the API or any domain.
    files: ['libs/ml-core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@platform/db*', '@platform/api*', '@platform/finance*', '@platform/imaging*', '@platform/retail*', '@platform/strategy*', '@platform/auth*', '@platform/jobs*'] }],
    },
  },
  {
    // Build configuration, not app code: every app's next.config.mjs calls the one shared config in tools/.
    files: ['apps/*/next.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
