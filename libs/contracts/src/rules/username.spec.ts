import { usernameKey, usernameProblem } from './username';

const LENGTH = /4 to 64 characters/;
const CHARACTERS = /only letters, digits/;
const DISTINCT = /at least 3 distinct characters/;

/** n characters with at least 3 distinct ones. */
const ofLength = (n: number) => 'abc'.slice(0, Math.min(3, n)) + 'x'.repeat(Math.max(0, n - 3));

describe('usernameProblem (R15: 4–64 letters of any script, digits, "." and "_", 3+ distinct)', () => {
  it.each([
    [3, LENGTH],
    [4, null],
    [5, null],
    [63, null],
    [64, null],
    [65, LENGTH],
    [200, LENGTH],
  ])('R15: %p characters → %p', (n, expected) => {
    const username = ofLength(n);
    expect([...username]).toHaveLength(n);
    const problem = usernameProblem(username);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  it('R15: counts characters, not UTF-16 units: 64 Cyrillic letters pass, 65 do not', () => {
    const cyr = 'абв' + 'д'.repeat(61);
    expect(usernameProblem(cyr)).toBeNull();
    expect(usernameProblem(cyr + 'е')).toMatch(LENGTH);
  });

  it('R15: counts a letter with a combining accent (NFD) as one character', () => {
    expect(usernameProblem('E\u0301va')).toMatch(LENGTH); // "Éva": 3 characters although 4 code points
    expect(usernameProblem('E\u0301vax')).toBeNull();
  });

  it.each([
    ['Hungarian accents', 'Árvíztűrő'],
    ['Hungarian accents, NFD', 'Árvíztűrő'.normalize('NFD')],
    ['Cyrillic', 'Олена'],
    ['Ukrainian with ї and є', 'Їжачок_Євген'],
    ['Greek', 'Ωμέγα'],
    ['CJK', '山田太郎'],
    ['Arabic', 'محمود'],
    ['digits', 'eva1985'],
    ['only digits', '1985'],
    ['a dot', 'eva.kovacs'],
    ['an underscore', 'eva_kovacs'],
    ['leading dot and underscore', '._eva'],
    ['mixed case', 'Eva.Kovacs_85'],
  ])('R15: accepts %s: %p', (_case, username) => {
    expect(usernameProblem(username)).toBeNull();
  });

  it.each([
    ['a hyphen', 'eva-kovacs'],
    ['a space', 'eva kovacs'],
    ['an @', 'eva@kovacs'],
    ['a plus', 'eva+kovacs'],
    ['an emoji', 'eva😀kovacs'],
    ['a slash', 'eva/kovacs'],
    ['a tab', 'eva\tkovacs'],
    ['a zero-width space', 'eva\u200bkovacs'],
    ['an apostrophe', "o'brien"],
  ])('R15: refuses %s: %p', (_case, username) => {
    expect(usernameProblem(username)).toMatch(CHARACTERS);
  });

  it.each([
    ['aaaa', DISTINCT],
    ['abab', DISTINCT],
    ['aaaaaaaaaaaaab', DISTINCT],
    ['AaAa', DISTINCT], // case-insensitive: one distinct character
    ['AaBb', DISTINCT],
    ['1111', DISTINCT],
    ['abca', null],
    ['aabc', null],
    ['a.b_', null],
  ])('R15: %p has enough distinct characters? → %p', (username, expected) => {
    const problem = usernameProblem(username);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe('usernameKey (R14, R15: unique and matched case-insensitively)', () => {
  it.each([
    ['Eva.Kovacs', 'eva.kovacs'],
    ['EVA.KOVACS', 'eva.kovacs'],
    ['ÁRVÍZTŰRŐ', 'árvíztűrő'],
    ['ОЛЕНА', 'олена'],
    ['Árvíztűrő'.normalize('NFD'), 'árvíztűrő'],
  ])('R14: %p and %p have the same key', (a, b) => {
    expect(usernameKey(a)).toBe(usernameKey(b));
  });

  it('R15: the key is lower case NFC', () => {
    expect(usernameKey('ÉVA_K'.normalize('NFD'))).toBe('éva_k'.normalize('NFC'));
  });

  it.each([
    ['eva.kovacs', 'eva_kovacs'],
    ['eva.kovacs', 'eva.kovacs1'],
    ['arvizturo', 'árvíztűrő'], // accents are significant in usernames
  ])('R15: %p and %p are different usernames', (a, b) => {
    expect(usernameKey(a)).not.toBe(usernameKey(b));
  });
});
