// Shared Jest settings: swc compiles TypeScript with decorator metadata (Nest DI needs it).
const { join } = require('node:path');

// ESM-only packages: Node 20.19+ requires them at run time, Jest's module registry needs them compiled to CommonJS.
const ESM_PACKAGES = ['jose', 'openid-client', 'oauth4webapi'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
    [`/node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@client-gate/contracts$': join(__dirname, 'libs/contracts/src/index.ts'),
    '^@client-gate/pages$': join(__dirname, 'libs/pages/src/index.ts'),
    '^@client-gate/platform$': join(__dirname, 'libs/platform/src/index.ts'),
    // Its settings alone, without the framework: the launcher and the development identity provider idle beside the system.
    '^@client-gate/platform/env$': join(__dirname, 'libs/platform/src/config/env.ts'),
    '^@client-gate/tools/(.*)$': join(__dirname, 'tools/$1'),
  },
};
