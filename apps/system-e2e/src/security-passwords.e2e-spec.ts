import argon2 from 'argon2';
import { login, registerActive } from './support/activation-fixtures';
import { query } from './support/database';
import { auditEntries } from './support/security-fixtures';
import { waitFor } from './support/wait-for';

/** SPEC §8 passwords: argon2id with m ≥ 19 MiB, t ≥ 2, p = 1; weaker stored hashes are upgraded at the next login. */
const storedHash = async (gatewayId: string) =>
  (await query<{ password_hash: string }>('activation', 'SELECT password_hash FROM account WHERE gateway_id = $1', [gatewayId]))[0].password_hash;

function parameters(hash: string) {
  const [, algorithm, , params] = hash.split('$');
  return { algorithm, ...Object.fromEntries(params.split(',').map((pair) => pair.split('='))) };
}

describe('SPEC §8 password hashes', () => {
  it('a hash with weaker parameters than today\'s is replaced at a successful login (not at a failed one), and keeps working', async () => {
    const client = await registerActive();
    const weak = await argon2.hash(client.password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await query('activation', 'UPDATE account SET password_hash = $1 WHERE gateway_id = $2', [weak, client.gatewayId]);

    expect((await login(client.username, `not ${client.password}`)).status).toBe(401);
    expect(await storedHash(client.gatewayId)).toBe(weak);

    expect((await login(client.username, client.password)).status).toBe(200);
    const upgraded = await storedHash(client.gatewayId);
    expect(parameters(upgraded)).toEqual({ algorithm: 'argon2id', m: '19456', t: '2', p: '1' });
    expect(await argon2.verify(upgraded, client.password)).toBe(true);
    expect((await login(client.username, client.password)).status).toBe(200);
    await waitFor('the rehash on ops.audit.v1', async () =>
      (await auditEntries()).some((entry) => entry.action === 'credential.rehashed' && entry.subject === client.gatewayId) ? true : undefined,
    );
  });

  it('a hash stronger than today\'s is kept as it is', async () => {
    const client = await registerActive();
    const strong = await argon2.hash(client.password, { type: argon2.argon2id, memoryCost: 32_768, timeCost: 3, parallelism: 1 });
    await query('activation', 'UPDATE account SET password_hash = $1 WHERE gateway_id = $2', [strong, client.gatewayId]);
    expect((await login(client.username, client.password)).status).toBe(200);
    expect(await storedHash(client.gatewayId)).toBe(strong);
  });
});
