import {
  ApplicationChanges, ApplicationKind, DocumentType, DRIVING_LICENCE_ISSUED_AFTER, EEA_AND_SWITZERLAND, IdentityDocument, isValidEmail,
} from '@client-gate/contracts';
import {
  checkDocument,
  checkEligibility,
  EligibilityInput,
  hasReachedAge,
  MINIMUM_AGE,
} from './eligibility';

const TODAY = '2026-06-15';
const YESTERDAY = '2026-06-14';
const TOMORROW = '2026-06-16';

const doc = (type: DocumentType, issuingCountry: string, overrides: Partial<IdentityDocument> = {}): IdentityDocument => ({
  type,
  number: 'AB1234567',
  issuingCountry,
  issuedOn: '2020-05-01',
  expiresOn: '2030-05-01',
  ...overrides,
});

const input = (overrides: Partial<EligibilityInput> = {}): EligibilityInput => ({
  kind: 'register',
  dateOfBirth: '1985-04-12',
  citizenship: 'HU',
  document: doc('id_card', 'HU'),
  email: 'eva.kovacs@example.hu',
  today: TODAY,
  ...overrides,
});

/** A modify application must state a change (R18); delete and register need none. */
const changesFor = (kind: ApplicationKind): Partial<EligibilityInput> => (kind === 'modify' ? { changes: { locale: 'en' } } : {});

const codes = (overrides: Partial<EligibilityInput> = {}) => checkEligibility(input(overrides)).map((reason) => reason.code);

const OK: string[] = [];
const NOT_ACCEPTED = ['DOCUMENT_NOT_ACCEPTED'];
const BEFORE_2001 = ['DRIVING_LICENCE_ISSUED_BEFORE_2001'];

describe('R5 documents by citizenship: citizenship × document type × issuing country', () => {
  it.each<[string, DocumentType, string, string[]]>([
    // Hungarian citizens: Hungarian ID card, passport, or card-format driving licence issued after 2001-01-01
    ['HU', 'id_card', 'HU', OK],
    ['HU', 'passport', 'HU', OK],
    ['HU', 'driving_licence', 'HU', OK],
    ['HU', 'id_card', 'DE', NOT_ACCEPTED],
    ['HU', 'passport', 'DE', NOT_ACCEPTED],
    ['HU', 'passport', 'UA', NOT_ACCEPTED],
    ['HU', 'passport', 'CH', NOT_ACCEPTED],
    ['HU', 'driving_licence', 'DE', NOT_ACCEPTED],
    ['HU', 'driving_licence', 'AT', NOT_ACCEPTED],
    // EEA citizens: ID card or passport issued by an EEA state or Switzerland; no driving licence
    ['DE', 'id_card', 'DE', OK],
    ['DE', 'passport', 'DE', OK],
    ['DE', 'id_card', 'HU', OK],
    ['DE', 'passport', 'CH', OK],
    ['DE', 'id_card', 'NO', OK],
    ['DE', 'passport', 'IS', OK],
    ['DE', 'id_card', 'LI', OK],
    ['DE', 'driving_licence', 'DE', NOT_ACCEPTED],
    ['DE', 'driving_licence', 'HU', NOT_ACCEPTED],
    ['DE', 'id_card', 'UA', NOT_ACCEPTED],
    ['DE', 'passport', 'US', NOT_ACCEPTED],
    ['DE', 'passport', 'GB', NOT_ACCEPTED],
    ['RO', 'id_card', 'RO', OK],
    ['RO', 'passport', 'MD', NOT_ACCEPTED],
    // Switzerland is treated like the EEA
    ['CH', 'id_card', 'CH', OK],
    ['CH', 'passport', 'CH', OK],
    ['CH', 'id_card', 'FR', OK],
    ['CH', 'driving_licence', 'CH', NOT_ACCEPTED],
    ['CH', 'passport', 'UA', NOT_ACCEPTED],
    // Norway is in the EEA
    ['NO', 'id_card', 'NO', OK],
    ['NO', 'passport', 'NO', OK],
    ['NO', 'id_card', 'SE', OK],
    ['NO', 'driving_licence', 'NO', NOT_ACCEPTED],
    ['NO', 'passport', 'US', NOT_ACCEPTED],
    // all others: a passport (by whichever state issued it)
    ['UA', 'passport', 'UA', OK],
    ['UA', 'passport', 'PL', OK],
    ['UA', 'id_card', 'UA', NOT_ACCEPTED],
    ['UA', 'id_card', 'HU', NOT_ACCEPTED],
    ['UA', 'driving_licence', 'UA', NOT_ACCEPTED],
    ['UA', 'driving_licence', 'HU', NOT_ACCEPTED],
    ['GB', 'passport', 'GB', OK],
    ['GB', 'id_card', 'GB', NOT_ACCEPTED],
    ['US', 'passport', 'US', OK],
    ['US', 'driving_licence', 'US', NOT_ACCEPTED],
    ['RS', 'id_card', 'RS', NOT_ACCEPTED],
    ['TR', 'id_card', 'TR', NOT_ACCEPTED],
  ])('R5: a %s citizen with a %s issued by %s → %j', (citizenship, type, issuingCountry, expected) => {
    expect(codes({ citizenship, document: doc(type, issuingCountry) })).toEqual(expected);
  });

  it('R5: every refusal says which rule failed', () => {
    const [refusal] = checkEligibility(input({ citizenship: 'UA', document: doc('id_card', 'UA') }));
    expect(refusal.code).toBe('DOCUMENT_NOT_ACCEPTED');
    expect(refusal.message).toMatch(/R5/);
  });

  it('R5: the EEA is EU 27 + Iceland, Liechtenstein, Norway, plus Switzerland', () => {
    const eu27 = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
    expect(eu27).toHaveLength(27);
    expect([...EEA_AND_SWITZERLAND].sort()).toEqual([...eu27, 'IS', 'LI', 'NO', 'CH'].sort());
  });

  it.each(['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'GR', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI'])(
    'R5: a %s citizen may present their own ID card, not their driving licence',
    (country) => {
      expect(codes({ citizenship: country, document: doc('id_card', country) })).toEqual(OK);
      expect(codes({ citizenship: country, document: doc('driving_licence', country) })).toEqual(NOT_ACCEPTED);
    },
  );

  it.each(['GB', 'UA', 'RS', 'TR', 'US', 'CN', 'MD', 'XK'])('R5: a %s citizen (outside the EEA) presents a passport only', (country) => {
    expect(codes({ citizenship: country, document: doc('passport', country) })).toEqual(OK);
    expect(codes({ citizenship: country, document: doc('id_card', country) })).toEqual(NOT_ACCEPTED);
  });
});

describe('R5 Hungarian driving licence: card format, issued after 1 January 2001', () => {
  it.each([
    ['1998-06-30', BEFORE_2001],
    ['2000-12-31', BEFORE_2001],
    ['2001-01-01', BEFORE_2001],
    ['2001-01-02', OK],
    ['2015-09-10', OK],
  ])('R5: issued %s → %j', (issuedOn, expected) => {
    expect(codes({ document: doc('driving_licence', 'HU', { issuedOn }) })).toEqual(expected);
  });

  it('R5: the cut-off day is 2001-01-01', () => {
    expect(DRIVING_LICENCE_ISSUED_AFTER).toBe('2001-01-01');
  });

  it('R5: the rule applies only to driving licences (an ID card from 1999 is fine if still valid)', () => {
    expect(codes({ document: doc('id_card', 'HU', { issuedOn: '1999-01-01', expiresOn: '2027-01-01' }) })).toEqual(OK);
  });
});

describe('R5 the document is valid on the application day', () => {
  it.each<[string, Partial<IdentityDocument>, string[]]>([
    ['expires today', { expiresOn: TODAY }, OK],
    ['expires tomorrow', { expiresOn: TOMORROW }, OK],
    ['expired yesterday', { expiresOn: YESTERDAY }, ['DOCUMENT_EXPIRED']],
    ['expired years ago', { issuedOn: '2010-01-01', expiresOn: '2020-01-01' }, ['DOCUMENT_EXPIRED']],
    ['issued today', { issuedOn: TODAY }, OK],
    ['issued yesterday', { issuedOn: YESTERDAY }, OK],
    ['issued tomorrow', { issuedOn: TOMORROW }, ['DOCUMENT_NOT_YET_VALID']],
  ])('R5: a document that %s → %j', (_case, dates, expected) => {
    for (const [citizenship, type, issuer] of [['HU', 'id_card', 'HU'], ['DE', 'passport', 'DE'], ['UA', 'passport', 'UA']] as const) {
      expect(codes({ citizenship, document: doc(type, issuer, dates) })).toEqual(expected);
    }
  });

  it('R5: a Hungarian driving licence expired yesterday is refused as expired', () => {
    expect(codes({ document: doc('driving_licence', 'HU', { issuedOn: '2016-06-14', expiresOn: YESTERDAY }) })).toEqual(['DOCUMENT_EXPIRED']);
  });

  it('R5: the expiry reason names the expiry date', () => {
    const [reason] = checkDocument('HU', doc('passport', 'HU', { expiresOn: YESTERDAY }), TODAY);
    expect(reason.message).toContain(YESTERDAY);
  });

  it('R5: a refused document type is reported as not accepted whatever its dates', () => {
    expect(codes({ citizenship: 'UA', document: doc('id_card', 'UA', { expiresOn: YESTERDAY }) })).toContain('DOCUMENT_NOT_ACCEPTED');
  });

  it('R5: the application day, not the real day, decides validity', () => {
    const document = doc('passport', 'HU', { issuedOn: '2027-01-10', expiresOn: '2037-01-09' });
    expect(codes({ document, today: '2027-01-09' })).toEqual(['DOCUMENT_NOT_YET_VALID']);
    expect(codes({ document, today: '2027-01-10' })).toEqual(OK);
    expect(codes({ document, today: '2037-01-09' })).toEqual(OK);
    expect(codes({ document, today: '2037-01-10' })).toEqual(['DOCUMENT_EXPIRED']);
  });
});

describe('R1 aged 14 or over on the application day', () => {
  it('R1: the minimum age is 14', () => {
    expect(MINIMUM_AGE).toBe(14);
  });

  it.each([
    ['1985-04-12', TODAY, OK],
    ['2012-06-14', TODAY, OK], // 14th birthday was yesterday
    ['2012-06-15', TODAY, OK], // 14th birthday is today
    ['2012-06-16', TODAY, ['APPLICANT_TOO_YOUNG']], // 14th birthday is tomorrow
    ['2012-12-31', TODAY, ['APPLICANT_TOO_YOUNG']],
    ['2020-01-01', TODAY, ['APPLICANT_TOO_YOUNG']],
    ['2012-01-01', '2025-12-31', ['APPLICANT_TOO_YOUNG']], // one day short, across a year end
    ['2012-01-01', '2026-01-01', OK],
    ['2012-12-31', '2026-12-31', OK],
    ['2012-12-31', '2026-12-30', ['APPLICANT_TOO_YOUNG']],
    // born 29 February: in a common year the birthday is 28 February
    ['2012-02-29', '2026-02-27', ['APPLICANT_TOO_YOUNG']],
    ['2012-02-29', '2026-02-28', OK],
    ['2012-02-29', '2026-03-01', OK],
  ])('R1: born %s, applying %s → %j', (dateOfBirth, today, expected) => {
    expect(codes({ dateOfBirth, today, document: doc('passport', 'HU', { issuedOn: '2020-01-01', expiresOn: '2030-01-01' }) })).toEqual(expected);
  });

  it.each([
    ['2000-02-29', 28, '2028-02-28', false],
    ['2000-02-29', 28, '2028-02-29', true], // a leap year: the real birthday
    ['2000-02-29', 27, '2027-02-28', true],
    ['2000-02-29', 27, '2027-02-27', false],
    ['2000-01-31', 14, '2014-01-31', true],
    ['2000-01-31', 14, '2014-01-30', false],
    ['1990-06-15', 0, '1990-06-15', true],
  ])('R1: hasReachedAge(%s, %p, %s) is %p', (dateOfBirth, years, today, expected) => {
    expect(hasReachedAge(dateOfBirth, years, today)).toBe(expected);
  });

  it.each<ApplicationKind>(['delete', 'modify'])('R1: age is not checked for %s', (kind) => {
    expect(codes({ kind, ...changesFor(kind), dateOfBirth: '2020-01-01', email: undefined })).toEqual(OK);
  });

  it('R1: the age refusal names the rule', () => {
    const [reason] = checkEligibility(input({ dateOfBirth: '2012-06-16' }));
    expect(reason).toEqual({ code: 'APPLICANT_TOO_YOUNG', message: expect.stringContaining('14') });
  });
});

describe('R6 a syntactically valid email address is required for register', () => {
  it.each([
    'eva.kovacs@example.hu',
    'a+tag@sub.example.com',
    'olena_k@mail.example.ua',
    'X@Y.ORG',
  ])('R6: accepts %p', (email) => {
    expect(codes({ email })).toEqual(OK);
    expect(isValidEmail(email)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no @', 'eva.kovacs.example.hu'],
    ['no domain dot', 'eva@localhost'],
    ['one-letter top-level domain', 'eva@example.h'],
    ['nothing before @', '@example.hu'],
    ['two @', 'eva@@example.hu'],
    ['a space', 'eva kovacs@example.hu'],
    ['a trailing space', 'eva@example.hu '],
    ['a newline', 'eva@example.hu\nBcc: x@y.zz'],
    ['255 characters', `${'a'.repeat(64)}@${'b'.repeat(186)}.com`],
  ])('R6: refuses an email that is %s with EMAIL_INVALID', (_case, email) => {
    expect(codes({ email })).toEqual(['EMAIL_INVALID']);
  });

  it('R6: 254 characters is still accepted', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(185)}.com`;
    expect(email).toHaveLength(254);
    expect(isValidEmail(email)).toBe(true);
  });

  it.each<ApplicationKind>(['delete', 'modify'])('R6: email is neither required nor checked for %s', (kind) => {
    expect(codes({ kind, ...changesFor(kind), email: undefined })).toEqual(OK);
    expect(codes({ kind, ...changesFor(kind), email: 'not an email' })).toEqual(OK);
  });
});

describe('R18 a modify application states a change; a new email is a valid one (R6)', () => {
  it.each<[string, ApplicationChanges | undefined, string[]]>([
    ['no changes', undefined, ['CHANGES_REQUIRED']],
    ['empty changes', {}, ['CHANGES_REQUIRED']],
    ['only reissueActivationCode: false', { reissueActivationCode: false }, ['CHANGES_REQUIRED']],
    ['reissueActivationCode: true', { reissueActivationCode: true }, OK],
    ['a new locale', { locale: 'uk' }, OK],
    ['a new username', { username: 'eva.kovacs' }, OK],
    ['a valid new email', { email: 'eva.new@example.hu' }, OK],
    ['an invalid new email', { email: 'eva.new@example' }, ['EMAIL_INVALID']],
  ])('R18: modify with %s → %j', (_case, changes, expected) => {
    expect(codes({ kind: 'modify', changes, email: undefined })).toEqual(expected);
  });

  it('R18: changes are not required for register or delete', () => {
    expect(codes({ kind: 'register', changes: undefined })).toEqual(OK);
    expect(codes({ kind: 'delete', changes: undefined })).toEqual(OK);
  });
});

describe('R1 + R5 + R6 together', () => {
  it('reports every rule that failed, in order: age, document, email', () => {
    expect(
      codes({ dateOfBirth: '2015-01-01', citizenship: 'HU', document: doc('passport', 'HU', { expiresOn: YESTERDAY }), email: 'nope' }),
    ).toEqual(['APPLICANT_TOO_YOUNG', 'DOCUMENT_EXPIRED', 'EMAIL_INVALID']);
  });

  it('reports a document both dated in the future and expired with both reasons', () => {
    expect(codes({ document: doc('passport', 'HU', { issuedOn: TOMORROW, expiresOn: YESTERDAY }) })).toEqual([
      'DOCUMENT_NOT_YET_VALID',
      'DOCUMENT_EXPIRED',
    ]);
  });

  it('is empty for an eligible register application', () => {
    expect(checkEligibility(input())).toEqual([]);
  });
});
