// Four jest projects, each runnable alone: `jest --selectProjects unit|integration|e2e|deploy`.
// unit: no I/O. integration: adapters against the real local stack. e2e: services as processes.
// deploy: the Helm chart and the compose deployment (a Docker engine of its own).
const swcTransform = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swcTransform },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@tributary/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  modulePathIgnorePatterns: ['<rootDir>/.stack/', '<rootDir>/.tributary/', '/dist/'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{libs,services,tools}/*/src/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,tools}/*/src/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/libs/testkit/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testkit/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testkit/src/jest/integration-timeout.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testkit/src/jest/global-setup-e2e.ts',
      globalTeardown: '<rootDir>/libs/testkit/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testkit/src/jest/e2e-timeout.ts'],
    },
    {
      // deploy: the Helm chart rendered and validated, and docker-compose.yml run on a Docker engine.
      ...shared,
      displayName: 'deploy',
      testMatch: ['<rootDir>/k8s/**/*.deploy-spec.ts', '<rootDir>/deploy/**/*.deploy-spec.ts'],
    },
  ],
};
