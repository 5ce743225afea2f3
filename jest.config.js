/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Transpile only: types are checked once by tsc in test/static.test.ts, not per test file.
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 120000,
  maxWorkers: 2,
};
