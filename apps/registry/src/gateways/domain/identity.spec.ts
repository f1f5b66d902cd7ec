import { Person } from '@client-gate/contracts';
import { identityKey, normaliseName } from './identity';

const person: Person = {
  familyName: 'Kovács',
  givenNames: 'Éva Mária',
  dateOfBirth: '1985-04-12',
  placeOfBirth: 'Hódmezővásárhely',
  mothersBirthName: 'Szabó Ilona',
};

const nfd = (p: Person): Person => ({
  familyName: p.familyName.normalize('NFD'),
  givenNames: p.givenNames.normalize('NFD'),
  dateOfBirth: p.dateOfBirth,
  placeOfBirth: p.placeOfBirth.normalize('NFD'),
  mothersBirthName: p.mothersBirthName.normalize('NFD'),
});

describe('normaliseName (R2: NFC, case-fold, diacritics stripped, whitespace collapsed)', () => {
  it.each([
    ['Kovács Éva', 'kovacs eva'],
    ['KOVACS EVA', 'kovacs eva'],
    ['kovacs eva', 'kovacs eva'],
    ['Kova\u0301cs E\u0301va', 'kovacs eva'], // NFD input
    ['Őrsi Űrsula', 'orsi ursula'], // Hungarian double acute
    ['ÁRVÍZTŰRŐ TÜKÖRFÚRÓGÉP', 'arvizturo tukorfurogep'],
    ['  Kovács\t\tÉva  ', 'kovacs eva'],
    ['Kovács  \n Éva', 'kovacs eva'],
    ['Kovács\u00a0Éva', 'kovacs eva'], // no-break space
    ['Nagy-Tóth', 'nagy-toth'],
    ['ШЕВЧЕНКО Тарас', 'шевченко тарас'],
    ['ΠΑΠΑΔΟΠΟΥΛΟΣ', 'παπαδοπουλος'],
    ['Dvořák Zdeněk', 'dvorak zdenek'],
    ['Łukasz', 'łukasz'], // Ł has no decomposition: only case-folded
  ])('R2: %p → %p', (raw, normalised) => {
    expect(normaliseName(raw)).toBe(normalised);
  });

  it('R2: NFC and NFD spellings normalise alike', () => {
    const nfc = 'Hódmezővásárhely'.normalize('NFC');
    const decomposed = nfc.normalize('NFD');
    expect(decomposed).not.toBe(nfc);
    expect(normaliseName(decomposed)).toBe(normaliseName(nfc));
  });

  it('R2: the result is in NFC', () => {
    const result = normaliseName('Шевченко Тарас'.normalize('NFD'));
    expect(result).toBe(result.normalize('NFC'));
  });
});

describe('identityKey (R2: same person when the five identity fields match after normalisation)', () => {
  const key = identityKey(person);

  it('R2: is a SHA-256 hex digest with no readable personal data', () => {
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('kovacs');
  });

  it('R2: is deterministic', () => {
    expect(identityKey({ ...person })).toBe(key);
  });

  it.each<[string, Person]>([
    ['upper case, no diacritics', {
      familyName: 'KOVACS',
      givenNames: 'EVA MARIA',
      dateOfBirth: '1985-04-12',
      placeOfBirth: 'HODMEZOVASARHELY',
      mothersBirthName: 'SZABO ILONA',
    }],
    ['lower case', {
      familyName: 'kovács',
      givenNames: 'éva mária',
      dateOfBirth: '1985-04-12',
      placeOfBirth: 'hódmezővásárhely',
      mothersBirthName: 'szabó ilona',
    }],
    ['NFD input', nfd(person)],
    ['tabs, double spaces, leading and trailing whitespace', {
      familyName: ' Kovács ',
      givenNames: 'Éva\t Mária',
      dateOfBirth: '1985-04-12',
      placeOfBirth: '\tHódmezővásárhely\n',
      mothersBirthName: 'Szabó   Ilona',
    }],
  ])('R2: same key for the same person written with %s', (_case, variant) => {
    expect(identityKey(variant)).toBe(key);
  });

  it.each<[keyof Person, string]>([
    ['familyName', 'Kovách'],
    ['givenNames', 'Éva'],
    ['dateOfBirth', '1985-04-13'],
    ['placeOfBirth', 'Hódmezővásárhely-Kútvölgy'],
    ['mothersBirthName', 'Szabó Ilona Mária'],
  ])('R2: different key when %s differs', (field, value) => {
    expect(identityKey({ ...person, [field]: value })).not.toBe(key);
  });

  it('R2: different key when a name moves between fields (fields are separated, not concatenated)', () => {
    const moved: Person = { ...person, familyName: 'Kovács Éva', givenNames: 'Mária' };
    expect(normaliseName(`${moved.familyName} ${moved.givenNames}`)).toBe(normaliseName(`${person.familyName} ${person.givenNames}`));
    expect(identityKey(moved)).not.toBe(key);
  });

  it('R2: different key when place of birth and mother\'s name are swapped', () => {
    expect(identityKey({ ...person, placeOfBirth: person.mothersBirthName, mothersBirthName: person.placeOfBirth })).not.toBe(key);
  });

  it('R2: Cyrillic names case-fold too', () => {
    const olena: Person = {
      familyName: 'Коваленко',
      givenNames: 'Олена Петрівна',
      dateOfBirth: '1990-09-01',
      placeOfBirth: 'Київ',
      mothersBirthName: 'Шевченко Галина',
    };
    const upper: Person = {
      familyName: 'КОВАЛЕНКО',
      givenNames: 'ОЛЕНА  ПЕТРІВНА',
      dateOfBirth: '1990-09-01',
      placeOfBirth: 'КИЇВ',
      mothersBirthName: ' ШЕВЧЕНКО Галина ',
    };
    expect(identityKey(upper)).toBe(identityKey(olena));
    expect(identityKey({ ...olena, familyName: 'Коваленко-Бойко' })).not.toBe(identityKey(olena));
  });
});
