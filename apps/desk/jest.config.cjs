module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'desk',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
