#!/usr/bin/env node
// Entry point of `npm start|test|ops|bench`: on a fresh clone it installs the dependencies first,
// then runs the TypeScript tool through ts-node (swc) with the workspace's path aliases; `start`, bundled, in-process.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const tools = { start: 'tools/start/main.ts', test: 'tools/test/main.ts', 'test-keycloak': 'tools/test/keycloak.ts', ops: 'tools/ops/main.ts', bench: 'tools/bench/main.ts', 'bench-startup': 'tools/bench/startup.ts', chaos: 'tools/chaos/main.ts', asyncapi: 'tools/asyncapi/main.ts' };
const [command, ...args] = process.argv.slice(2);
if (!tools[command]) {
  console.error(`usage: node tools/run.cjs ${Object.keys(tools).join('|')} [args]`);
  process.exit(2);
}
if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.log('Installing dependencies (npm ci)…');
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (install.status !== 0) process.exit(install.status ?? 1);
}
if (command === 'start') {
  // The launcher runs bundled and in this process: it idles as long as the system runs, and ts-node's TypeScript
  // and a second Node process would add about 130 MiB to it (benchmarks/BENCHMARKS.md, "npm start at idle").
  const build = spawnSync(process.execPath, [join(__dirname, 'build', 'bundle-tool.cjs'), tools.start, 'start'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  const bundle = join(root, 'dist', 'tools', 'start.js');
  process.argv = [process.argv[0], bundle, ...args];
  require(bundle);
} else {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', join(root, tools[command]), ...args],
    { cwd: root, stdio: 'inherit' },
  );
  // The tool shuts down cleanly on SIGINT/SIGTERM; this wrapper waits for it rather than dying first.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
