import { randomUUID } from 'node:crypto';
import { call, staffToken } from './http';
import { waitFor } from './wait-for';

let sequence = 0;

/** A person no other test uses (R2 identity), with an email address of their own. */
export function newPerson(overrides: Record<string, string> = {}) {
  const unique = `${Date.now().toString(36)}${(sequence++).toString(36)}`;
  return {
    person: {
      familyName: `Kovács-${unique}`,
      givenNames: 'Olena Mária',
      dateOfBirth: '1990-04-12',
      placeOfBirth: 'Kyiv',
      mothersBirthName: 'Szabó Anna',
      ...overrides,
    },
    email: `client-${unique}@example.org`,
  };
}

export const hungarianPassport = {
  type: 'passport',
  number: 'BA1234567',
  issuingCountry: 'HU',
  issuedOn: '2022-05-01',
  expiresOn: '2032-05-01',
};

export async function bookAppointment(token = staffToken()): Promise<string> {
  const response = await call('intake', 'POST', '/appointments', {
    token,
    body: { channel: 'email', contact: 'applicant@example.org', applicantName: 'Applicant', startsAt: new Date().toISOString() },
  });
  if (response.status !== 201) throw new Error(`booking failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id;
}

export function registerBody(appointmentId: string, who = newPerson(), extra: Record<string, unknown> = {}) {
  return {
    appointmentId,
    kind: 'register',
    person: who.person,
    citizenship: 'HU',
    document: { ...hungarianPassport, number: `BA${randomUUID().slice(0, 7)}` },
    email: who.email,
    locale: 'en',
    ...extra,
  };
}

/** Waits until registry has decided the application; returns GET /applications/:id's body. */
export function decided(applicationId: string, token = staffToken()) {
  return waitFor(`application ${applicationId} to be decided`, async () => {
    const response = await call('intake', 'GET', `/applications/${applicationId}`, { token });
    return response.body?.status && response.body.status !== 'submitted' ? response.body : undefined;
  });
}
