import { MESSAGES } from '../pages/messages';
import { plainReason } from './application-reasons';

describe('reasons in plain language', () => {
  const day = (date: string) => `day ${date}`;

  it("R8: both remedies, with the lapse date read from registry's message", () => {
    const reason = {
      code: 'TEMPORARY_REGISTRATION_PENDING',
      message: 'This person has a temporary online registration (R8). Either cancel it online, or wait until it lapses on 2027-01-14; then register again.',
    };
    const { text, values } = plainReason(MESSAGES.en, reason, day);
    expect(text).toContain('cancels it online');
    expect(text).toContain('waits until it lapses on {date}');
    expect(values).toEqual({ date: 'day 2027-01-14', message: null });
    expect(plainReason(MESSAGES.hu, reason, day).text).toContain('online visszavonja');
  });

  it.each(['GATEWAY_ALREADY_EXISTS', 'GATEWAY_NOT_FOUND', 'DOCUMENT_EXPIRED'])('%s has words of its own in both languages', (code) => {
    for (const t of [MESSAGES.en, MESSAGES.hu]) {
      const { text } = plainReason(t, { code, message: 'x' }, day);
      expect(text).not.toBe(t.reasons.UNKNOWN);
    }
  });

  it("an unknown code shows the service's own message rather than a bare code", () => {
    expect(plainReason(MESSAGES.en, { code: 'NEW_RULE', message: 'A new rule said no.' }, day)).toEqual({
      text: MESSAGES.en.reasons.UNKNOWN,
      values: { date: null, message: 'A new rule said no.' },
    });
  });
});
