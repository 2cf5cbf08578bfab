import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Which project kinds may import which. Production code never imports the test kit.
const productionConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:ports', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
  {
    sourceTag: 'type:platform',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:ports'],
  },
  {
    sourceTag: 'type:metadata',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:ports'],
  },
  {
    sourceTag: 'type:adapters',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:ports', 'type:platform'],
  },
  {
    sourceTag: 'type:service',
    onlyDependOnLibsWithTags: [
      'type:contracts',
      'type:domain',
      'type:ports',
      'type:platform',
      'type:metadata',
      'type:adapters',
    ],
  },
  // The embedded runner starts every service in one process (SPEC §7): the one place allowed to.
  {
    sourceTag: 'type:runner',
    onlyDependOnLibsWithTags: [
      'type:contracts',
      'type:domain',
      'type:ports',
      'type:platform',
      'type:metadata',
      'type:adapters',
      'type:service',
    ],
  },
  {
    sourceTag: 'type:cli',
    onlyDependOnLibsWithTags: [
      'type:contracts',
      'type:domain',
      'type:ports',
      'type:platform',
      'type:metadata',
      'type:adapters',
      'type:runner',
    ],
  },
  {
    sourceTag: 'type:testkit',
    onlyDependOnLibsWithTags: [
      'type:contracts',
      'type:domain',
      'type:ports',
      'type:platform',
      'type:metadata',
      'type:adapters',
      'type:testkit',
    ],
  },
];

// Tests may additionally use the test kit.
const testConstraints = productionConstraints.map((c) => ({
  ...c,
  onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testkit'])],
}));

const testFiles = ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', 'e2e/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.stack/**',
      '.tributary/**',
      '.nx/**',
      'coverage/**',
      'bench/results/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.spec.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read the environment only in a config module (config/*.config.ts).',
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, depConstraints: productionConstraints },
      ],
    },
  },
  {
    files: testFiles,
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, depConstraints: testConstraints },
      ],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: [
      '**/*.config.ts',
      'services/*/src/main.ts',
      'libs/testkit/**/*.ts',
      'e2e/**/*.ts',
      'tools/cli/src/config/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  prettier,
);
