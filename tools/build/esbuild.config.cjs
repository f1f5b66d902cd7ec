// Shared by every app's `build` target (@nx/esbuild): one CommonJS bundle of the app and the workspace libraries,
// npm packages left to node_modules. esbuild cannot emit decorator metadata, which NestJS's injection and
// TypeORM's columns read, so TypeScript goes through swc (as under ts-node) with the tsconfig's decorator settings,
// into CommonJS as tsc would emit it: decorator metadata names types that exist only at compile time.
const swc = require('unplugin-swc').default;

module.exports = {
  // Class names are data here (TypeORM migration names, Nest's injection tokens): never renamed.
  keepNames: true,
  outExtension: { '.js': '.js' }, // dist/apps/<app>/main.js, CommonJS like the workspace
  plugins: [swc.esbuild({ tsconfigFile: 'tsconfig.base.json', module: { type: 'commonjs' } })],
};
