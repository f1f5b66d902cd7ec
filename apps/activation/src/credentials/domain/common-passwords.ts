import { dictionary } from '@zxcvbn-ts/language-common';

/** R16's blocklist: zxcvbn-ts's list of common passwords (about 49,000, ranked by frequency). */
const COMMON = new Set((dictionary.passwords as string[]).map((password) => password.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

export const COMMON_PASSWORD_COUNT = COMMON.size;
