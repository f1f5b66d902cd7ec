import { codeEmailed, forgottenPassword, Person, registerPending, uniqueUsername } from './support/activation-fixtures';
import { advanceClock, platformNow, resetClock } from './support/clock';
import { query } from './support/database';
import { newPerson } from './support/fixtures';
import { call } from './support/http';

const DAY_MS = 24 * 60 * 60 * 1000;
const PASSWORD = 'correct horse battery staple 42';

function activate(code: string, username = uniqueUsername()) {
  return call('activation', 'POST', '/activation', { body: { code, username, password: PASSWORD } });
}

describe('R11: a gateway pending activation gets a new code from the forgotten-password function', () => {
  let pending: { who: Person; gatewayId: string; code: string };
  let late: { who: Person; gatewayId: string; code: string };
  let registeredAt: Date;
  let reissued: string;

  beforeAll(async () => {
    registeredAt = platformNow();
    [pending, late] = await Promise.all([registerPending(), registerPending()]);
  });

  afterAll(() => resetClock());

  it('R9, R11: after 6 days the first code is INVALID_CODE', async () => {
    await advanceClock('6d');
    const response = await activate(pending.code);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ code: 'INVALID_CODE', field: 'code', message: expect.any(String) }]);
  });

  it('R11: forgotten-password (any case of the address) answers 202 {} and emails a new activation code valid 5 days', async () => {
    const response = await forgottenPassword(pending.who.email.toUpperCase());
    expect(response.status).toBe(202);
    expect(response.body).toEqual({});
    reissued = await codeEmailed(pending.who.email, 'activation-code', 2);
    expect(reissued).not.toBe(pending.code);

    const codes = await query<{ created_at: Date; expires_at: Date; voided_at: Date | null; purpose: string }>(
      'activation',
      'SELECT created_at, expires_at, voided_at, purpose FROM one_time_code WHERE gateway_id = $1 ORDER BY created_at',
      [pending.gatewayId],
    );
    expect(codes).toHaveLength(2);
    expect(codes[1].purpose).toBe('activation');
    expect(codes[1].expires_at.getTime() - codes[1].created_at.getTime()).toBe(5 * DAY_MS);
    expect(codes[0].voided_at).not.toBeNull();
  });

  it('R11: each new code voids the previous one; the newest activates the gateway', async () => {
    expect((await forgottenPassword(pending.who.email)).status).toBe(202);
    const newest = await codeEmailed(pending.who.email, 'activation-code', 3);

    const voided = await activate(reissued);
    expect(voided.status).toBe(422);
    expect(voided.body.errors[0].code).toBe('INVALID_CODE');

    const username = uniqueUsername();
    const activated = await activate(newest, username);
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ gatewayId: pending.gatewayId, username });
  });

  it('R11: 60 days after registration a still pending gateway gets no code, while another on the same address still does', async () => {
    // Registered 6 days later with the same address: still within its 60 days when the first is past them.
    const sameAddress: Person = { ...newPerson(), email: late.who.email };
    const { gatewayId: sentinelId } = await registerPending(sameAddress);
    await codeEmailed(late.who.email, 'activation-code', 2);

    await advanceClock('54d1h');
    expect(platformNow().getTime() - registeredAt.getTime()).toBeGreaterThan(60 * DAY_MS);
    const response = await forgottenPassword(late.who.email);
    expect(response.status).toBe(202);
    expect(response.body).toEqual({});

    // Both gateways on the address are handled in one go: once the sentinel's code is there, the late one's answer is known.
    const third = await codeEmailed(late.who.email, 'activation-code', 3);
    const [issuedToLate] = await query<{ count: string }>(
      'activation',
      'SELECT count(*) FROM one_time_code WHERE gateway_id = $1 AND created_at > $2',
      [late.gatewayId, new Date(registeredAt.getTime() + 60 * DAY_MS)],
    );
    expect(Number(issuedToLate.count)).toBe(0);
    const activated = await activate(third);
    expect(activated.status).toBe(200);
    expect(activated.body.gatewayId).toBe(sentinelId);
  });
});
