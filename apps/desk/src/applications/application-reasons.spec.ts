import { REASON_FIELDS, ReasonCode } from '@client-gate/contracts';
import { MESSAGES } from '../pages/messages';
import { plainReason } from './application-reasons';

describe('reasons in plain language', () => {
  const day = (date: string) => `day ${date}`;

  it("R8: both remedies, with the lapse date from the reason's own field (not from the English message)", () => {
    const reason = {
      code: 'TEMPORARY_REGISTRATION_PENDING',
      message: 'The message may say anything, in any words, even 1999-01-01.',
      lapsesOn: '2027-01-14',
    };
    const { text, values } = plainReason(MESSAGES.en, reason, day);
    expect(text).toContain('cancels it online');
    expect(text).toContain('waits until it lapses on {date}');
    expect(values).toEqual({ date: 'day 2027-01-14', message: null });
    expect(plainReason(MESSAGES.hu, reason, day).text).toContain('online visszavonja');
  });

  it.each(Object.keys(REASON_FIELDS) as ReasonCode[])('%s (a reason code of libs/contracts) has words of its own in both languages', (code) => {
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
