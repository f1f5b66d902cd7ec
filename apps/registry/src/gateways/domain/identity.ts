import { Person } from '@client-gate/contracts';
import { createHash } from 'node:crypto';

/** R2: NFC, diacritics stripped, case-folded, whitespace collapsed. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .toLocaleLowerCase('und')
    // Case folding, not just lower case: a passport's machine-readable zone writes ß as SS.
    .replace(/ß/g, 'ss')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * R2: two records are the same person when their natural identity data match after normalisation.
 * The key is a digest, so the uniqueness index holds no readable personal data.
 */
export function identityKey(person: Person): string {
  const parts = [person.familyName, person.givenNames, person.dateOfBirth, person.placeOfBirth, person.mothersBirthName];
  return createHash('sha256').update(parts.map(normaliseName).join('\u001f')).digest('hex');
}
