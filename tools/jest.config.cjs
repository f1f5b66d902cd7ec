module.exports = {
  ...require('../jest.preset.cjs'),
  displayName: 'tools',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // tools/docker is a project of its own
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/docker/'],
};
