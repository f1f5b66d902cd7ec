module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'activation',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
