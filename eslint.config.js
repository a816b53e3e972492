// Lint is part of `npm test`: floating promises are the bug class we most want caught, and the import
// rules below keep the layers of docs/ARCHITECTURE.md from drifting.
import tseslint from 'typescript-eslint';

/** Nothing that ships or measures may lean on the test tree. */
const noTestImports = { regex: '(^|/)test/', message: 'src/, bench/ and tools/ never import test/.' };

/** The domain decides; it does not know how it is reached (HTTP, websockets). */
const noTransportImports = {
  regex: '(^|/)(routes|http|realtime|pages|presenters)/',
  message:
    'Domain code (calls/, call-urls/, push/, providers/, ...) does not import routes/, http/, realtime/, pages/ or presenters/.',
};

/**
 * Storage knows the domain's record types and nothing else of it: the record modules are the only domain
 * files it may import.
 */
const storageKnowsOnlyRecords = {
  regex:
    '(^|/)(calls|call-urls|rooms|push|auth|identity|providers|routes|http|realtime|pages|presenters|bus)/(?!(call-record|call-url-record|room-record|session-record|oauth-state-record|push-targets)\\.ts$)',
  message: 'storage/ imports only the domain record types (*-record.ts, push/push-targets.ts), never its use cases.',
};

/** The SDK is a package of its own, used by browsers and third parties: it leans on nothing else in the repo. */
const sdkStandsAlone = {
  regex: '^\\.\\./\\.\\./',
  message: 'packages/client/src imports only its own files and its dependencies, never src/, web/, tools/ or test/.',
};

const restrict = (...patterns) => ['error', { patterns }];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'test-output/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  // Later blocks replace the rule's options for the files they match, so each repeats what it inherits.
  {
    files: ['src/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noTestImports) },
  },
  {
    files: ['src/{calls,call-urls,rooms,push,providers,identity,registration}/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noTestImports, noTransportImports) },
  },
  {
    files: ['packages/client/src/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(sdkStandsAlone) },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: { 'no-restricted-imports': restrict(noTestImports, storageKnowsOnlyRecords) },
  },
);
