// A character is a letter (any script), digit, `.` or `_`, with any accents attached to it.
const CHARACTER = /[\p{L}\p{Nd}._]\p{M}*/gu;
const ONLY_CHARACTERS = /^(?:[\p{L}\p{Nd}._]\p{M}*)+$/u;

/**
 * R15 (shared: activation checks a chosen username, registry one changed in person): 4–64 letters
 * (any script), digits, `.` and `_`, with at least 3 distinct characters.
 */
export function usernameProblem(username: string): string | null {
  const normalised = username.normalize('NFC');
  if (!ONLY_CHARACTERS.test(normalised)) return 'A username has only letters, digits, "." and "_".';
  const characters = normalised.match(CHARACTER) ?? [];
  if (characters.length < 4 || characters.length > 64) return 'A username has 4 to 64 characters.';
  if (new Set(characters.map((c) => c.toLocaleLowerCase('und'))).size < 3) return 'A username has at least 3 distinct characters.';
  return null;
}

/** Usernames are unique and matched case-insensitively (R14, R15). */
export function usernameKey(username: string): string {
  return username.normalize('NFC').toLocaleLowerCase('und');
}
