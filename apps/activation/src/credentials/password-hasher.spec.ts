import argon2 from 'argon2';
import { ARGON2_OPTIONS, hashIsWeaker, PasswordHasher } from './password-hasher';

const SALT = 'c2FsdHNhbHRzYWx0c2FsdA';
const DIGEST = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const stored = (algorithm: string, params: string) => `$${algorithm}$v=19$${params}$${SALT}$${DIGEST}`;

describe('password hashes (SPEC §8: argon2id, m ≥ 19 MiB, t ≥ 2, p = 1)', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id at m = 19 MiB, t = 2, p = 1, and verifies', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    const [, algorithm, , params] = hash.split('$');
    expect(algorithm).toBe('argon2id');
    expect(Object.fromEntries(params.split(',').map((pair) => pair.split('=')))).toEqual({ m: '19456', t: '2', p: '1' });
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse battery stapler')).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('refuses any password for an unknown account (the decoy)', async () => {
    expect(await hasher.verify(null, 'decoy password for unknown accounts')).toBe(false);
  });

  it.each([
    ['less memory', stored('argon2id', 'm=8192,t=2,p=1'), true],
    ['fewer passes', stored('argon2id', 'm=19456,t=1,p=1'), true],
    ['other parallelism', stored('argon2id', 'm=19456,t=2,p=4'), true],
    ['argon2i', stored('argon2i', 'm=19456,t=2,p=1'), true],
    ['argon2d', stored('argon2d', 'm=65536,t=3,p=1'), true],
    ['no parameters', '$argon2id$v=19$$salt$hash', true],
    ['not argon2 at all', '$2b$10$abcdefghijklmnopqrstuv', true],
    ['the current parameters', stored('argon2id', 'm=19456,t=2,p=1'), false],
    ['more memory and passes', stored('argon2id', 'm=65536,t=3,p=1'), false],
    ['the current parameters in another order', stored('argon2id', 'm=19456,p=1,t=2'), false],
  ])('a hash with %s needs a rehash: %p', (_case, hash, weaker) => {
    expect(hashIsWeaker(hash, ARGON2_OPTIONS)).toBe(weaker);
  });

  it('recognises a real weaker argon2id hash', async () => {
    const weak = await argon2.hash('x', { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(hasher.needsRehash(weak)).toBe(true);
  });
});
