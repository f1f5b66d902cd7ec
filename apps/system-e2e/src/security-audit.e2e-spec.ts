import { applyInPerson, codeEmailed, forgottenPassword, uniqueUsername } from './support/activation-fixtures';
import { bookAppointment, decided, newPerson, registerBody } from './support/fixtures';
import { call, staffToken } from './support/http';
import { AuditEntry, auditEntries, whereFound } from './support/security-fixtures';
import { waitFor } from './support/wait-for';

/**
 * SPEC §5, §8: every state change appears on ops.audit.v1 (actor, action, subject, time), and audit
 * carries no secret and no personal data.
 */
describe('SPEC §8 audit: registration, activation, password change and deletion', () => {
  const who = newPerson();
  const username = uniqueUsername('audited');
  const password = 'an audited passphrase 5150';
  const newPassword = 'another audited passphrase 9090';
  const token = staffToken();
  const documentNumber = `BA${Date.now().toString(36).toUpperCase()}`;
  const codes: string[] = [];
  let registrationId: string;
  let deletionId: string;
  let gatewayId: string;

  beforeAll(async () => {
    const submitted = await call('intake', 'POST', '/applications', {
      token,
      body: registerBody(await bookAppointment(token), who, { document: { type: 'passport', number: documentNumber, issuingCountry: 'HU', issuedOn: '2022-05-01', expiresOn: '2032-05-01' } }),
    });
    registrationId = submitted.body.id;
    gatewayId = (await decided(registrationId, token)).gatewayId;
    codes.push(await codeEmailed(who.email, 'activation-code', 1));
    expect((await call('activation', 'POST', '/activation', { body: { code: codes[0], username, password } })).status).toBe(200);
    await forgottenPassword(who.email);
    codes.push(await codeEmailed(who.email, 'password-reset-code', 1));
    expect((await call('activation', 'POST', '/password-reset', { body: { code: codes[1], password: newPassword } })).status).toBe(200);
    const deletion = await applyInPerson(who, 'delete');
    expect(deletion.status).toBe('completed');
    deletionId = deletion.id;
  }, 120_000);

  /** The audit entries about the story's records, once they include every expected action. */
  function auditOf(expected: { service: string; action: string; subject: () => string; actor: string }[]): Promise<AuditEntry[]> {
    return waitFor(
      'the story\'s audit entries',
      async () => {
        const entries = (await auditEntries()).filter((entry) => [registrationId, deletionId, gatewayId].includes(entry.subject));
        const complete = expected.every((want) => entries.some((entry) => entry.service === want.service && entry.action === want.action && entry.subject === want.subject()));
        return complete ? entries : undefined;
      },
      30_000,
    );
  }

  const steps = {
    registration: [
      { service: 'intake', action: 'application.register.submitted', subject: () => registrationId, actor: 'officer-1' },
      { service: 'registry', action: 'gateway.registered', subject: () => gatewayId, actor: 'officer-1' },
      { service: 'activation', action: 'code.activation.issued', subject: () => gatewayId, actor: 'system' },
    ],
    activation: [
      { service: 'activation', action: 'credential.activated', subject: () => gatewayId, actor: 'client' },
      { service: 'registry', action: 'gateway.activated', subject: () => gatewayId, actor: 'client' },
    ],
    'password change': [
      { service: 'activation', action: 'code.password-reset.issued', subject: () => gatewayId, actor: 'system' },
      { service: 'activation', action: 'credential.password-changed', subject: () => gatewayId, actor: 'client' },
    ],
    deletion: [
      { service: 'intake', action: 'application.delete.submitted', subject: () => deletionId, actor: 'officer-1' },
      { service: 'registry', action: 'gateway.deleted', subject: () => gatewayId, actor: 'officer-1' },
      { service: 'activation', action: 'account.erased.deleted', subject: () => gatewayId, actor: 'registry' },
      { service: 'notifications', action: 'personal-data.erased.deleted', subject: () => gatewayId, actor: 'notifications' },
    ],
  };

  it.each(Object.entries(steps))('the %s is audited: actor, action, subject and time', async (_step, expected) => {
    const entries = await auditOf(expected);
    for (const want of expected) {
      const entry = entries.find((candidate) => candidate.service === want.service && candidate.action === want.action);
      expect(entry).toEqual({ service: want.service, actor: want.actor, action: want.action, subject: want.subject(), time: expect.any(String) });
      expect(new Date(entry!.time).toISOString()).toBe(entry!.time);
    }
  });

  it('no audit entry holds a secret or the person\'s data', async () => {
    await auditOf(Object.values(steps).flat());
    const entries = (await auditEntries()).map((entry, index) => ({ place: `audit #${index}`, text: JSON.stringify(entry) }));
    const secretsAndPersonalData = {
      password,
      newPassword,
      activationCode: codes[0],
      activationCodeWithoutDashes: codes[0].replace(/-/g, ''),
      resetCode: codes[1],
      resetCodeWithoutDashes: codes[1].replace(/-/g, ''),
      staffToken: token,
      email: who.email,
      familyName: who.person.familyName,
      username,
      documentNumber,
    };
    const found = Object.fromEntries(Object.entries(secretsAndPersonalData).map(([name, value]) => [name, whereFound(value, entries)]));
    expect(found).toEqual(Object.fromEntries(Object.keys(secretsAndPersonalData).map((name) => [name, []])));
  });
});
