/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  setupFiles: ['<rootDir>/test/support/fast-check-setup.ts'],
  // Tests that run whole journeys or every function take 2–5 s alone and pass jest's 5 s default on a
  // busy shared machine. Speed is measured in benchmarks (`npm run bench`), never asserted by a timeout.
  testTimeout: 30_000,
  // Keep 'ts' before 'json': miniprogram-simulate requires component logic without an extension.
  moduleFileExtensions: ['ts', 'js', 'json'],
  // TDesign's miniprogram_dist imports bare "tslib"/"dayjs" shipped in its own miniprogram_npm.
  moduleDirectories: ['node_modules', 'miniprogram_npm'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
    // TDesign ships ES modules: the same compiler turns them into CommonJS.
    'tdesign-miniprogram/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, esModuleInterop: true }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!tdesign-miniprogram/)'],
};
