import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const KAFKA_CLIENT = ['kafkajs', 'kafkajs/*'];
const POSTGRES_CLIENT = ['typeorm', 'typeorm/*', 'pg', 'pg/*'];

/**
 * Two axes of tags (docs/architecture.md, "Layers"). `type:*` orders the layers:
 * contracts < util < data-access < feature < app, with testing beside them for e2e only; a layer never imports the
 * one above it, so util and data-access cannot form a cycle. `scope:*` keeps each deployable to itself and the shared
 * libs. `access:*` names the one external client a data-access lib wraps, so kafkajs stays in libs/kafka and
 * typeorm/pg in libs/persistence (and, at file granularity, in the apps' entities, repositories and migrations).
 */
const moduleBoundaries = {
  enforceBuildableLibDependency: false,
  allow: [],
  depConstraints: [
    {
      sourceTag: 'type:app',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:data-access', 'type:feature'],
      bannedExternalImports: KAFKA_CLIENT,
    },
    {
      sourceTag: 'type:e2e',
      onlyDependOnLibsWithTags: [
        'type:contracts',
        'type:util',
        'type:data-access',
        'type:feature',
        'type:testing',
      ],
      // pg stays: an end-to-end test reads the database as an operator would, to check what the services stored.
      bannedExternalImports: [...KAFKA_CLIENT, 'typeorm', 'typeorm/*'],
    },
    // The test harness drives a real broker and database from outside, as a client of the platform would.
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:data-access'],
    },
    {
      sourceTag: 'type:feature',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:data-access', 'type:feature'],
      bannedExternalImports: [...KAFKA_CLIENT, ...POSTGRES_CLIENT],
    },
    {
      sourceTag: 'type:data-access',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:data-access'],
    },
    { sourceTag: 'access:kafka', bannedExternalImports: POSTGRES_CLIENT },
    { sourceTag: 'access:postgres', bannedExternalImports: KAFKA_CLIENT },
    { sourceTag: 'access:graph-api', bannedExternalImports: [...KAFKA_CLIENT, ...POSTGRES_CLIENT] },
    {
      sourceTag: 'type:util',
      onlyDependOnLibsWithTags: ['type:contracts', 'type:util'],
      bannedExternalImports: [...KAFKA_CLIENT, ...POSTGRES_CLIENT],
    },
    {
      sourceTag: 'type:contracts',
      onlyDependOnLibsWithTags: ['type:contracts'],
      bannedExternalImports: [...KAFKA_CLIENT, ...POSTGRES_CLIENT],
    },
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    // The ingress writes a message's ledger row as it accepts it and reads the ledger for the API, and manages a
    // team's webhook endpoints and delivery log: through the ledger's and the notifier's data-access libraries.
    { sourceTag: 'scope:ingress', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingress', 'scope:ledger', 'scope:notifier'] },
    { sourceTag: 'scope:ledger', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ledger'] },
    // The notifier reads the ledger (a message's team and metadata) through its data-access library.
    { sourceTag: 'scope:notifier', onlyDependOnLibsWithTags: ['scope:shared', 'scope:notifier', 'scope:ledger'] },
    { sourceTag: 'scope:policy', onlyDependOnLibsWithTags: ['scope:shared', 'scope:policy'] },
    { sourceTag: 'scope:template', onlyDependOnLibsWithTags: ['scope:shared', 'scope:template'] },
    { sourceTag: 'scope:dispatcher', onlyDependOnLibsWithTags: ['scope:shared', 'scope:dispatcher'] },
    { sourceTag: 'scope:sandbox', onlyDependOnLibsWithTags: ['scope:shared', 'scope:sandbox'] },
    { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:e2e'] },
  ],
};

/**
 * The same boundaries for an app's own specs, which may also use the test harness (a throw-away database for an
 * integration spec); the deployable's code still may not.
 */
const specBoundaries = {
  ...moduleBoundaries,
  depConstraints: moduleBoundaries.depConstraints.map((constraint) =>
    constraint.sourceTag === 'type:app'
      ? { ...constraint, onlyDependOnLibsWithTags: [...constraint.onlyDependOnLibsWithTags, 'type:testing'] }
      : constraint,
  ),
};

/**
 * App files that import typeorm or pg outside an entity, repository or migration: services still holding their SQL.
 * Each moves its queries into a `*.repository.ts` beside it and leaves this list; the list only shrinks.
 */
const SQL_OUTSIDE_REPOSITORIES = [
  // Builds the driver's error the filter maps to 503; goes once the filter matches errors by a domain type.
  'apps/ingress/src/http/http-error.filter.spec.ts',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', '.kafka/**', '.nx/**', 'tmp/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      // Libraries are cut by purpose; a wrong import between them is a lint error, not a code-review comment.
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Repositories hold the SQL, services orchestrate: inside an app only these files reach the database client.
    files: ['apps/*/src/**/*.ts'],
    ignores: [
      '**/*.entity.ts',
      '**/*.repository.ts',
      '**/*.repository.spec.ts',
      '**/*.integration-spec.ts',
      '**/database/**',
      '**/migrate.ts',
      ...SQL_OUTSIDE_REPOSITORIES,
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(typeorm|pg)(/.*)?$',
              message:
                'Only *.entity.ts, *.repository.ts, database/** and migrate.ts reach the database; put the query in a repository.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/*/src/**/*.spec.ts', 'apps/*/src/**/*.integration-spec.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', specBoundaries] },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
