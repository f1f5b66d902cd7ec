import { advanceClock, resetClock, runJobs } from './support/clock';
import { newPerson } from './support/fixtures';
import { call, staffToken } from './support/http';
import { activated, applyFor, ERASED, gatewayRow, LVIV, registered } from './support/registry-fixtures';

describe('registry: a gateway not activated within 60 days is purged (R12)', () => {
  const unactivated = newPerson();
  const activatedInTime = newPerson();
  let purgedId: string;
  let keptId: string;

  beforeAll(async () => {
    purgedId = await registered(unactivated);
    keptId = await registered(activatedInTime);
    await activated(activatedInTime, `kept_${Date.now().toString(36)}`);
  });

  afterAll(() => resetClock());

  it('R12: 59 days and 23 hours after registration it is still pending activation', async () => {
    await advanceClock('59d');
    await runJobs();
    expect((await gatewayRow(purgedId)).status).toBe('pending_activation');
    await advanceClock('23h');
    await runJobs();
    const row = await gatewayRow(purgedId);
    expect(row).toMatchObject({ status: 'pending_activation', email: unactivated.email, person: unactivated.person });
  });

  it('R12: 60 days after registration the purge job purges it: only a tombstone without personal data remains', async () => {
    await advanceClock('1h');
    const results = await runJobs();
    expect(results['registry']).toMatchObject({ 'purge-unactivated-gateways': { purged: expect.any(Number) } });
    const row = await gatewayRow(purgedId);
    expect(row).toMatchObject({ ...ERASED, status: 'purged', consulate: 'HU-KYIV', end_reason: 'not_activated_within_60_days' });
    expect(row.registered_at).toBeInstanceOf(Date);
    expect(row.ended_at!.getTime() - row.registered_at.getTime()).toBeGreaterThanOrEqual(60 * 24 * 60 * 60 * 1000);
    expect(JSON.stringify(row)).not.toContain(unactivated.email);
    expect(JSON.stringify(row)).not.toContain(unactivated.person.familyName);
  });

  it('R12: an activated gateway is never purged', async () => {
    expect((await gatewayRow(keptId)).status).toBe('active');
  });

  it('R12: GET /gateways/:id answers for the tombstone at its consulate, and only there', async () => {
    const tombstone = await call('registry', 'GET', `/gateways/${purgedId}`, { token: staffToken() });
    expect(tombstone.status).toBe(200);
    expect(tombstone.body).toEqual({ id: purgedId, status: 'purged', registeredAt: expect.any(String), endedAt: expect.any(String) });
    expect((await call('registry', 'GET', `/gateways/${purgedId}`, { token: staffToken(LVIV) })).status).toBe(404);
  });

  it('R12 + R1: a purged gateway is not found by delete, and the person may register again', async () => {
    expect((await applyFor('delete', unactivated)).reasons).toEqual([expect.objectContaining({ code: 'GATEWAY_NOT_FOUND' })]);
    const again = await applyFor('register', unactivated);
    expect(again).toMatchObject({ status: 'completed', gatewayId: expect.any(String) });
    expect(again.gatewayId).not.toBe(purgedId);
  });

  it('R12: running the job again changes nothing', async () => {
    const before = await gatewayRow(purgedId);
    await runJobs();
    expect(await gatewayRow(purgedId)).toEqual(before);
  });
});
