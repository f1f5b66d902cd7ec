import { Client } from 'pg';
import { BoundedClient } from './bounded-client';

describe('BoundedClient', () => {
  it('survives the server ending its connection between queries (a restart), where a plain pg client would throw', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(() => new Client().emit('error', terminated)).toThrow('terminating connection');
    expect(() => new BoundedClient({ queryLimitMs: 1_000 }).emit('error', terminated)).not.toThrow();
  });
});
