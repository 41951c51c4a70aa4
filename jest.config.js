// One Jest run, three projects: unit (pure logic), integration (real NATS/Redis), e2e (whole stack).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@knts/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' },
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/bench'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.tools/'],
};
module.exports = {
  // watchman hangs on this machine; the node crawler is fast enough here.
  watchman: false,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.spec.ts'], testPathIgnorePatterns: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$', '/node_modules/'] },
    // Real servers and processes on a shared 2-core machine: a generous default per test, so a
    // slow moment is not a failure (tests wait on conditions, never on fixed delays).
    // (testTimeout is a global option in Jest; per project it has to be set in a setup file.)
    { ...common, displayName: 'integration', testMatch: ['**/*.int.spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/setup/integration-timeout.js'] },
    { ...common, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/setup/e2e-timeout.js'] },
  ],
};
