import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApi } from './asyncapi';
import { eventCatalogue } from './catalogue';
import { Topic } from './topics';

const root = join(__dirname, '..', '..', '..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('the AsyncAPI document (SPEC §5)', () => {
  const document = buildAsyncApi(version) as { channels: Record<string, { address: string; messages: object }>; components: { messages: Record<string, { name: string }> } };

  it('is checked in and up to date (run `npm run asyncapi` after changing a contract)', () => {
    const checkedIn = JSON.parse(readFileSync(join(root, 'libs', 'contracts', 'asyncapi.json'), 'utf8'));
    expect(checkedIn).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('describes every topic and every event type', () => {
    expect(Object.values(document.channels).map((channel) => channel.address).sort()).toEqual(Object.values(Topic).sort());
    expect(Object.values(document.components.messages).map((message) => message.name).sort()).toEqual(eventCatalogue.map((d) => d.type).sort());
  });
});
