// ESLint flat config: typescript-eslint's recommended rules on the TypeScript sources, and
// graphql-eslint's schema rules on the printed schema. Formatting is Prettier's, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'screenshots/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    rules: {
      // The ORM and the GraphQL machinery hand us untyped rows and errors; `any` is named where it is used.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // type-graphql resolvers and MikroORM entities are classes whose namespaces merge with enums.
      '@typescript-eslint/no-namespace': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
  },
  {
    // The pages' own scripts (served from web/ as they are, no build step): browser scripts and ES modules.
    files: ['web/**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'history',
          'navigator',
          'console',
          'fetch',
          'URL',
          'URLSearchParams',
          'WebSocket',
          'Headers',
          'AbortController',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'requestAnimationFrame',
          'performance',
          'localStorage',
          'sessionStorage',
          'HTMLElement',
          'customElements',
          'Intl',
          'FormData',
          'Node',
          // Globals of the UMD builds served from /vendor.
          'React',
          'ReactDOM',
          'GraphiQL',
          'graphqlWs',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['src/schema/schema.graphql'],
    languageOptions: { parser: graphqlPlugin.parser, parserOptions: { graphQLConfig: { schema: 'src/schema/schema.graphql' } } },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      '@graphql-eslint/known-type-names': 'error',
      '@graphql-eslint/unique-type-names': 'off',
      '@graphql-eslint/naming-convention': [
        'error',
        { types: 'PascalCase', EnumValueDefinition: 'UPPER_CASE', FieldDefinition: 'camelCase', InputValueDefinition: 'camelCase' },
      ],
      '@graphql-eslint/no-typename-prefix': 'error',
      '@graphql-eslint/no-unreachable-types': 'error',
      '@graphql-eslint/require-deprecation-reason': 'error',
      '@graphql-eslint/strict-id-in-types': [
        'error',
        {
          acceptedIdNames: ['id'],
          acceptedIdTypes: ['ID'],
          exceptions: {
            // Revisions are read through their record only (its visibility rules), never by node(id).
            types: ['RelatedRecommendation', 'WatchFilter', 'Revision', 'FieldChange', 'DueDateChange'],
            suffixes: [
              'Payload',
              'Connection',
              'Edge',
              'PageInfo',
              'Bucket',
              'Key',
              'Stats',
              'Event',
              'Month',
              'Count',
              'Coverage',
              'Subtotal',
              'Error',
            ],
          },
        },
      ],
    },
  },
);
