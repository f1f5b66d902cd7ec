import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMON_PASSWORD_COUNT, isCommonPassword } from './common-passwords';

describe('common-password blocklist (R16: at least 10,000 common passwords)', () => {
  it('R16: holds at least 10,000 passwords', () => {
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThanOrEqual(10_000);
  });

  it('SECURITY.md quotes the real size of the blocklist', () => {
    const security = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'SECURITY.md'), 'utf8');
    expect(security).toContain(`a blocklist of ${COMMON_PASSWORD_COUNT.toLocaleString('en-US')} common passwords`);
  });

  it.each(['123456', 'password', 'qwerty', 'iloveyou', 'qwerty123456', '1qaz2wsx3edc', 'passwordpassword', '123456789012'])(
    'R16: lists %p',
    (password) => {
      expect(isCommonPassword(password)).toBe(true);
    },
  );

  it.each(['QWERTY123456', 'PassWordPassWord', 'IloveYou'])('R16: matches %p case-insensitively', (password) => {
    expect(isCommonPassword(password)).toBe(true);
  });

  it.each(['correct horse battery staple', 'Tq9mZ2pL4wXr', 'árvíztűrő tükörfúrógép'])('R16: does not list %p', (password) => {
    expect(isCommonPassword(password)).toBe(false);
  });
});
