// Lint and layer rules, run by `npm test` (npm run lint).
// The layers of lib/ and the direction their imports may take are spelled out in docs/design.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';

/** Each layer, and the layers it must not import from. */
const FORBIDDEN = {
  'lib/domain': [
    'lib/sites',
    'lib/messaging',
    'lib/storage',
    'lib/content',
    'lib/background',
    'components',
    'entrypoints',
  ],
  'lib/sites': ['lib/messaging', 'lib/storage', 'lib/content', 'lib/background', 'components', 'entrypoints'],
  'lib/messaging': ['lib/storage', 'lib/content', 'lib/background', 'components', 'entrypoints'],
  'lib/storage': ['lib/messaging', 'lib/content', 'lib/background', 'components', 'entrypoints'],
  'lib/content': ['lib/storage', 'lib/background', 'components', 'entrypoints'],
  'lib/background': ['lib/content', 'components', 'entrypoints'],
  components: ['lib/background', 'entrypoints'],
};

const zones = Object.entries(FORBIDDEN).flatMap(([target, froms]) =>
  froms.map((from) => ({
    target: `./${target}`,
    from: `./${from}`,
    message: `${target} must not import from ${from} (docs/design.md, layers).`,
  })),
);

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', 'node_modules/', 'demo-output/', 'bench-output/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // \`import { type A }\` keeps the module's side effects (verbatimModuleSyntax): a content
      // script would carry the background's whole protocol. \`import type\` drops it.
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-undef': 'off',
    },
  },
  prettier,
);
