import { isCommonPassword } from './common-passwords';
import {
  PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_VALIDITY_MAX_DAYS, passwordProblem, passwordValidityProblem,
} from './password-policy';

const USERNAME = 'eva.kovacs';
const LENGTH = /12 to 128 characters/;
const CONTAINS_USERNAME = /must not contain the username/;
const COMMON = /too common/;

const check = (password: string, username = USERNAME) => passwordProblem(password, username, isCommonPassword);

/** n code points of a non-dictionary pattern. */
const ofLength = (n: number) => Array.from({ length: n }, (_, i) => 'Tq9mZ2pL4wXr'[i % 12]).join('');

describe('passwordProblem (R16: 12–128 characters, not the username, not common, no composition rules)', () => {
  it('R16: the limits are 12 and 128', () => {
    expect([PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH]).toEqual([12, 128]);
  });

  it.each([
    [11, LENGTH],
    [12, null],
    [13, null],
    [127, null],
    [128, null],
    [129, LENGTH],
  ])('R16: %p characters → %p', (n, expected) => {
    const problem = check(ofLength(n));
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it.each([
    ['11 characters + 1 emoji = 12', ofLength(11) + '😀', null],
    ['10 characters + 1 emoji = 11 (though .length is 12)', ofLength(10) + '😀', LENGTH],
    ['127 characters + 1 emoji = 128 (though .length is 129)', ofLength(127) + '😀', null],
    ['128 characters + 1 emoji = 129', ofLength(128) + '😀', LENGTH],
    ['12 emoji', '🔑🐝🌍🎲🚲🍀🎻🦊🌵🧭🪁🛶', null],
    ['11 emoji', '🔑🐝🌍🎲🚲🍀🎻🦊🌵🧭🪁', LENGTH],
  ])('R16: counts code points — %s', (_case, password, expected) => {
    const problem = check(password);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it.each([
    ['the username inside', 'my-eva.kovacs-pass'],
    ['the username upper case', 'MY-EVA.KOVACS-PASS'],
    ['the username mixed case', 'Eva.Kovacs-2026!'],
    ['the username at the end', 'correct horse eva.kovacs'],
  ])('R16: refuses a password containing %s', (_case, password) => {
    expect(check(password)).toMatch(CONTAINS_USERNAME);
  });

  it('R16: refuses a password containing a Cyrillic username in another case', () => {
    expect(check('мій-ОЛЕНА_К-пароль', 'олена_к')).toMatch(CONTAINS_USERNAME);
  });

  it('R16: refuses a password containing an accented username typed in NFD', () => {
    expect(check('szeretem-Árvíztűrő-t'.normalize('NFD'), 'árvíztűrő')).toMatch(CONTAINS_USERNAME);
  });

  it('R16: allows a password that only resembles the username', () => {
    expect(check('eva kovacs rides a bike')).toBeNull();
  });

  it.each(['qwerty123456', 'QWERTY123456', '1qaz2wsx3edc', 'passwordpassword'])('R16: refuses the common password %p', (password) => {
    expect(check(password)).toMatch(COMMON);
  });

  it('R16: asks the blocklist with the password as given', () => {
    const seen: string[] = [];
    const problem = passwordProblem('a perfectly fine passphrase', USERNAME, (password) => {
      seen.push(password);
      return true;
    });
    expect(problem).toMatch(COMMON);
    expect(seen).toEqual(['a perfectly fine passphrase']);
  });

  it.each([
    ['all lower case', 'correct horse battery staple'],
    ['all digits', '739184625071'],
    ['no digits or symbols', 'TrompetenKaefer'],
    ['Hungarian', 'árvíztűrő tükörfúrógép'],
    ['Ukrainian', 'садок вишневий коло хати'],
  ])('R16: no composition rules — accepts %s', (_case, password) => {
    expect(check(password)).toBeNull();
  });

  it('R10: password validity is at most 730 days', () => {
    expect(PASSWORD_VALIDITY_MAX_DAYS).toBe(730);
  });
});

describe('passwordValidityProblem (R10: 1 to 730 days, default 730)', () => {
  it.each([undefined, 1, 365, 730])('R10: accepts %p', (days) => {
    expect(passwordValidityProblem(days)).toBeNull();
  });

  it.each([0, -1, 731])('R10: refuses %p days', (days) => {
    expect(passwordValidityProblem(days)).toMatch(/1 to 730 days/);
  });
});
