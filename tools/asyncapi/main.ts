import { buildAsyncApi } from '@client-gate/contracts';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `npm run asyncapi`: regenerates libs/contracts/asyncapi.json from the contracts (a unit test fails when it is stale). */
const root = join(__dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
writeFileSync(join(root, 'libs', 'contracts', 'asyncapi.json'), `${JSON.stringify(buildAsyncApi(version), null, 2)}\n`);
console.log('wrote libs/contracts/asyncapi.json');
