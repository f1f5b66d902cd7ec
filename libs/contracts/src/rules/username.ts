/** R15 (shared: activation checks a chosen username, registry one changed in person): 4–64 letters (any script), digits, `.` and `_`, with at least 3 distinct characters. */
export function usernameProblem(username: string): string | null {
  const chars = [...username.normalize('NFC')];
  if (chars.length < 4 || chars.length > 64) return 'A username has 4 to 64 characters.';
  if (!/^[\p{L}\p{M}\p{Nd}._]+$/u.test(username)) return 'A username has only letters, digits, "." and "_".';
  if (new Set(chars.map((c) => c.toLocaleLowerCase('und'))).size < 3) return 'A username has at least 3 distinct characters.';
  return null;
}

/** Usernames are unique and matched case-insensitively (R14, R15). */
export function usernameKey(username: string): string {
  return username.normalize('NFC').toLocaleLowerCase('und');
}
