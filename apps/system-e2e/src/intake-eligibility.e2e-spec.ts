import { SERVICE_NAMES } from '@client-gate/tools/system/services';
import { platformNow } from './support/clock';
import { query } from './support/database';
import { bookAppointment, decided, hungarianPassport, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';

const token = staffToken();

function isoDay(offsetDays: number): string {
  return new Date(platformNow().getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function submit(overrides: Record<string, unknown>) {
  const appointmentId = await bookAppointment(token);
  return call('intake', 'POST', '/applications', { token, body: { ...registerBody(appointmentId, newPerson()), ...overrides } });
}

const codes = (response: { body: { errors: { code: string }[] } }) => response.body.errors.map((error) => error.code);

describe('intake checks eligibility before anything is stored (R1, R4, R5, R6, R7)', () => {
  it('R1: an applicant who turns 14 tomorrow is refused; one who turned 14 today is accepted', async () => {
    const fourteenYearsAgo = (days: number) => {
      const today = platformNow();
      return new Date(Date.UTC(today.getUTCFullYear() - 14, today.getUTCMonth(), today.getUTCDate() + days)).toISOString().slice(0, 10);
    };
    const young = await submit({ person: { ...newPerson().person, dateOfBirth: fourteenYearsAgo(1) } });
    expect(young.status).toBe(422);
    expect(codes(young)).toEqual(['APPLICANT_TOO_YOUNG']);
    const birthday = await submit({ person: { ...newPerson().person, dateOfBirth: fourteenYearsAgo(0) } });
    expect(birthday.status).toBe(202);
  });

  it('R1: any nationality may apply, with a passport', async () => {
    const response = await submit({ citizenship: 'UA', document: { ...hungarianPassport, issuingCountry: 'UA', number: 'FX123456' } });
    expect(response.status).toBe(202);
    expect(await decided(response.body.id, token)).toMatchObject({ status: 'completed' });
  });

  it('R4: an appointment serves one application', async () => {
    const appointmentId = await bookAppointment(token);
    const first = await call('intake', 'POST', '/applications', { token, body: registerBody(appointmentId, newPerson()) });
    expect(first.status).toBe(202);
    const second = await call('intake', 'POST', '/applications', { token, body: registerBody(appointmentId, newPerson()) });
    expect(second.status).toBe(422);
    expect(codes(second)).toEqual(['APPOINTMENT_ALREADY_USED']);
  });

  it('R4: a refused application does not use up the appointment, and a used one keeps no name or contact', async () => {
    const appointmentId = await bookAppointment(token);
    const refused = await call('intake', 'POST', '/applications', { token, body: { ...registerBody(appointmentId, newPerson()), email: 'nope' } });
    expect(refused.status).toBe(422);
    const accepted = await call('intake', 'POST', '/applications', { token, body: registerBody(appointmentId, newPerson()) });
    expect(accepted.status).toBe(202);
    const [appointment] = await query('intake', 'SELECT status, applicant_name, contact FROM appointment WHERE id = $1', [appointmentId]);
    expect(appointment).toEqual({ status: 'used', applicant_name: null, contact: null });
  });

  it.each([
    ['a Hungarian citizen with a foreign passport', { citizenship: 'HU', document: { ...hungarianPassport, issuingCountry: 'AT' } }, 'DOCUMENT_NOT_ACCEPTED'],
    ['a Hungarian driving licence issued on 1 January 2001', { citizenship: 'HU', document: { ...hungarianPassport, type: 'driving_licence', issuedOn: '2001-01-01' } }, 'DRIVING_LICENCE_ISSUED_BEFORE_2001'],
    ['an EEA citizen with a driving licence', { citizenship: 'DE', document: { ...hungarianPassport, type: 'driving_licence', issuingCountry: 'DE' } }, 'DOCUMENT_NOT_ACCEPTED'],
    ['a non-EEA citizen with an ID card', { citizenship: 'UA', document: { ...hungarianPassport, type: 'id_card', issuingCountry: 'UA' } }, 'DOCUMENT_NOT_ACCEPTED'],
    ['a document that expired yesterday', { document: { ...hungarianPassport, expiresOn: isoDay(-1) } }, 'DOCUMENT_EXPIRED'],
  ])('R5: %s is refused with its reason', async (_, overrides, code) => {
    const response = await submit(overrides);
    expect(response.status).toBe(422);
    expect(codes(response)).toEqual([code]);
  });

  it.each([
    ['a Hungarian ID card', { citizenship: 'HU', document: { ...hungarianPassport, type: 'id_card' } }],
    ['a Hungarian card-format driving licence issued in 2001', { citizenship: 'HU', document: { ...hungarianPassport, type: 'driving_licence', issuedOn: '2001-01-02' } }],
    ['a Swiss ID card for a Swiss citizen', { citizenship: 'CH', document: { ...hungarianPassport, type: 'id_card', issuingCountry: 'CH' } }],
    ['a Norwegian passport for a Norwegian citizen', { citizenship: 'NO', document: { ...hungarianPassport, issuingCountry: 'NO' } }],
    ['a document that expires today', { document: { ...hungarianPassport, expiresOn: isoDay(0) } }],
  ])('R5: %s is accepted', async (_, overrides) => {
    const response = await submit(overrides);
    expect(response.status).toBe(202);
  });

  it.each([['no email', undefined], ['an address without a domain', 'olena@'], ['an address with a space', 'olena kovacs@example.org']])(
    'R6: register with %s is refused with EMAIL_INVALID',
    async (_, email) => {
      const response = await submit({ email });
      expect(response.status).toBe(422);
      expect(codes(response)).toEqual(['EMAIL_INVALID']);
    },
  );

  it('R18: a modify application must state a change, and a new email must be valid', async () => {
    const appointmentId = await bookAppointment(token);
    const { person, document, citizenship } = registerBody(appointmentId, newPerson());
    const base = { appointmentId, kind: 'modify', person, document, citizenship, locale: 'en' };
    const nothing = await call('intake', 'POST', '/applications', { token, body: { ...base, changes: {} } });
    expect(codes(nothing)).toEqual(['CHANGES_REQUIRED']);
    const badEmail = await call('intake', 'POST', '/applications', { token, body: { ...base, changes: { email: 'not-an-address' } } });
    expect(codes(badEmail)).toEqual(['EMAIL_INVALID']);
  });

  it('R7: nothing is charged: no request asks for a fee and no table of any service records one', async () => {
    const response = await submit({});
    expect(response.status).toBe(202);
    for (const service of SERVICE_NAMES) {
      const columns = await query<{ name: string }>(
        service,
        `SELECT table_name || '.' || column_name AS name FROM information_schema.columns
          WHERE table_schema = 'public' AND column_name ~* '(fee|price|amount|payment|charge|currency)'`,
      );
      expect(columns).toEqual([]);
    }
    const openApi = await call('intake', 'GET', '/docs-json');
    expect(JSON.stringify(openApi.body)).not.toMatch(/fee|payment|price/i);
  });
});
