// `jest` at the root runs every project's unit tests; the e2e suite has its own config (apps/system-e2e).
module.exports = {
  projects: [
    '<rootDir>/libs/contracts',
    '<rootDir>/libs/platform',
    '<rootDir>/libs/pages',
    '<rootDir>/apps/intake',
    '<rootDir>/apps/registry',
    '<rootDir>/apps/activation',
    '<rootDir>/apps/notifications',
    '<rootDir>/tools',
    '<rootDir>/tools/docker',
    '<rootDir>/apps/desk',
  ],
};
