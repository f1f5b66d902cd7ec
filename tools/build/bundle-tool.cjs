// `node tools/build/bundle-tool.cjs <entry.ts> <name>` bundles one tool into dist/tools/<name>.js the way the apps are
// built (esbuild + swc, tools/build/esbuild.config.cjs: the workspace libraries inside, npm packages left to
// node_modules), for the processes that idle while `npm start` runs: its launcher and the development identity
// provider. Under ts-node each carried about 90 MiB of TypeScript (benchmarks/BENCHMARKS.md, "npm start at idle").
// Run as a process of its own, so that swc and esbuild (about 65 MiB) do not stay in the one that asked. About half
// a second; written to a temporary file and renamed, so that a second run building beside it never reads half a file.
'use strict';
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');
const config = require('./esbuild.config.cjs');

const root = join(__dirname, '..', '..');

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
}

const [entry, name] = process.argv.slice(2);
if (!entry || !name) {
  console.error('usage: node tools/build/bundle-tool.cjs <entry.ts> <name>');
  process.exit(2);
}
bundleTool(entry, name).catch((error) => {
  console.error(`bundling ${entry} failed: ${error.message}`);
  process.exit(1);
});
