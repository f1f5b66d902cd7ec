import { newPerson } from './support/fixtures';
import { call, staffToken } from './support/http';
import { emailTo } from './support/mail';
import { applyFor, ERASED, gatewayRow, KYIV, LVIV, reasonCodes, registered } from './support/registry-fixtures';

describe('registry: one gateway per person, found by identity (R1, R2, R3, R17)', () => {
  it('R1: a second register for the same person is rejected GATEWAY_ALREADY_EXISTS; the first gateway stays', async () => {
    const who = newPerson();
    const gatewayId = await registered(who);
    const second = await applyFor('register', { ...who, email: `again-${who.email}` });
    expect(second).toMatchObject({ status: 'rejected', reasons: [{ code: 'GATEWAY_ALREADY_EXISTS', message: expect.any(String) }] });
    expect(second.gatewayId).toBeUndefined();
    expect((await gatewayRow(gatewayId)).status).toBe('pending_activation');
  });

  it('R1: the same person registering at another consulate is rejected too', async () => {
    const who = newPerson();
    await registered(who, KYIV);
    const elsewhere = await applyFor('register', who, {}, LVIV);
    expect(reasonCodes(elsewhere)).toEqual(['GATEWAY_ALREADY_EXISTS']);
  });

  it('R2: names that differ only by case, diacritics, NFC/NFD and whitespace are the same person', async () => {
    const who = newPerson({ placeOfBirth: 'Hódmezővásárhely', mothersBirthName: 'Szabó Anna' });
    const gatewayId = await registered(who);
    const { familyName, givenNames, dateOfBirth, placeOfBirth, mothersBirthName } = who.person;
    const variant = {
      person: {
        familyName: familyName.toUpperCase(),
        givenNames: givenNames.normalize('NFD').replace(/\s+/g, '   '),
        dateOfBirth,
        placeOfBirth: placeOfBirth.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase(),
        mothersBirthName: `\t${mothersBirthName.replace(' ', ' \u00a0 ')}`,
      },
      email: `variant-${who.email}`,
    };
    expect(variant.person.givenNames).not.toBe(givenNames);

    const second = await applyFor('register', variant);
    expect(reasonCodes(second)).toEqual(['GATEWAY_ALREADY_EXISTS']);

    const deletion = await applyFor('delete', variant);
    expect(deletion).toMatchObject({ status: 'completed', gatewayId });
  });

  it('R2: a different date of birth is another person', async () => {
    const who = newPerson();
    await registered(who);
    const sibling = await applyFor('register', { person: { ...who.person, dateOfBirth: '1992-07-30' }, email: `twin-${who.email}` });
    expect(sibling.status).toBe('completed');
  });

  it('R3: delete and modify of a person without a gateway are rejected GATEWAY_NOT_FOUND', async () => {
    const stranger = newPerson();
    const deletion = await applyFor('delete', stranger);
    expect(deletion).toMatchObject({ status: 'rejected', reasons: [{ code: 'GATEWAY_NOT_FOUND', message: expect.any(String) }] });
    const modification = await applyFor('modify', stranger, { changes: { locale: 'uk' } });
    expect(reasonCodes(modification)).toEqual(['GATEWAY_NOT_FOUND']);
  });

  describe('R17: delete', () => {
    const who = newPerson();
    let gatewayId: string;

    it('R3: finds the gateway by identity from another consulate and completes with its id', async () => {
      gatewayId = await registered(who, KYIV);
      const deletion = await applyFor('delete', who, {}, LVIV);
      expect(deletion).toMatchObject({ status: 'completed', gatewayId });
    });

    it('R17: leaves only a tombstone without personal data in registry', async () => {
      const row = await gatewayRow(gatewayId);
      expect(row).toMatchObject({ ...ERASED, status: 'deleted', consulate: 'HU-KYIV', end_reason: 'deleted_on_request' });
      expect(row.ended_at).toBeInstanceOf(Date);
      expect(JSON.stringify(row)).not.toContain(who.person.familyName);
      expect(JSON.stringify(row)).not.toContain(who.email);
    });

    it('R17: GET /gateways/:id still answers for the tombstone at its consulate, and only there', async () => {
      const tombstone = await call('registry', 'GET', `/gateways/${gatewayId}`, { token: staffToken(KYIV) });
      expect(tombstone.status).toBe(200);
      expect(tombstone.body).toEqual({ id: gatewayId, status: 'deleted', registeredAt: expect.any(String), endedAt: expect.any(String) });
      const elsewhere = await call('registry', 'GET', `/gateways/${gatewayId}`, { token: staffToken(LVIV) });
      expect(elsewhere.status).toBe(404);
    });

    it('R17: a second delete finds nothing', async () => {
      expect(reasonCodes(await applyFor('delete', who))).toEqual(['GATEWAY_NOT_FOUND']);
    });

    it('R1: after deletion the person may register again, with a new gateway', async () => {
      const again = await applyFor('register', who);
      expect(again).toMatchObject({ status: 'completed', gatewayId: expect.any(String) });
      expect(again.gatewayId).not.toBe(gatewayId);
      expect((await gatewayRow(again.gatewayId)).status).toBe('pending_activation');
    });

    it('R17: the deletion is confirmed by email to the address on record', async () => {
      const email = await emailTo(who.email, 'gateway-deleted');
      expect(email.to.map((to) => to.address)).toEqual([who.email]);
    });
  });
});
