// Bundles one tool into dist/tools/<name>.js the way the apps are built (esbuild + swc, tools/build/esbuild.config.cjs,
// the workspace libraries inside, npm packages left to node_modules), for the processes that idle while `npm start`
// runs: the launcher and the development identity provider. Under ts-node each carried about 90 MiB of TypeScript
// (benchmarks/BENCHMARKS.md, "npm start at idle"). About half a second; written to a temporary file and renamed, so a
// second run building beside it never reads half a file.
'use strict';
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');
const config = require('./esbuild.config.cjs');

const root = join(__dirname, '..', '..');

/** `entry` relative to the repository; resolves to the bundle's absolute path. */
async function bundleTool(entry, name) {
  const outfile = join(root, 'dist', 'tools', `${name}.js`);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    tsconfig: 'tsconfig.base.json',
    outfile,
    write: false,
    logLevel: 'warning',
    ...config,
  });
  mkdirSync(join(root, 'dist', 'tools'), { recursive: true });
  const temporary = `${outfile}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, outfile);
  return outfile;
}

module.exports = { bundleTool };
