import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1), SPEC §8. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  // Verified against when the account is unknown, so that both answers take as long.
  private readonly decoy = argon2.hash('decoy password for unknown accounts', ARGON2_OPTIONS);

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await this.decoy, password);
      return false;
    }
    return argon2.verify(hash, password);
  }

  needsRehash(hash: string): boolean {
    return hashIsWeaker(hash, ARGON2_OPTIONS);
  }
}

/**
 * True when a stored hash (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) is not argon2id, or its memory or
 * time cost is below `options`, or its parallelism differs; stronger hashes are kept as they are.
 */
export function hashIsWeaker(hash: string, options: { memoryCost: number; timeCost: number; parallelism: number }): boolean {
  const [, algorithm, , params] = hash.split('$');
  if (algorithm !== 'argon2id' || !params) return true;
  const cost = Object.fromEntries(params.split(',').map((pair) => pair.split('=')));
  const [m, t, p] = [Number(cost['m']), Number(cost['t']), Number(cost['p'])];
  return !(m >= options.memoryCost) || !(t >= options.timeCost) || p !== options.parallelism;
}
