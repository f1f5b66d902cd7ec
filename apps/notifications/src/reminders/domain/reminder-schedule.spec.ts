import {
  daysBetween, dayOf, DOCUMENT_THRESHOLDS, DueReminder, PASSWORD_THRESHOLDS, planReminders, settleDueReminders, shiftDay,
} from './reminder-schedule';

describe('calendar days (UTC, SPEC §6)', () => {
  it.each([
    ['2027-03-01T00:00:00.000Z', '2027-03-01'],
    ['2027-03-01T23:59:59.999Z', '2027-03-01'],
    ['2027-03-01T23:30:00.000-02:00', '2027-03-02'],
  ])('dayOf(%s) is %s', (instant, day) => expect(dayOf(new Date(instant))).toBe(day));

  it.each([
    ['2027-03-01', -30, '2027-01-30'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2027-03-28', 2, '2027-03-30'],
    ['2027-09-01', -180, '2027-03-05'],
  ])('shiftDay(%s, %p) is %s', (day, days, shifted) => expect(shiftDay(day, days)).toBe(shifted));

  it.each([
    ['2027-03-01', '2027-03-31', 30],
    ['2027-03-31', '2027-03-01', -30],
    ['2027-03-27', '2027-03-29', 2],
    ['2027-03-01', '2027-03-01', 0],
  ])('daysBetween(%s, %s) is %p', (from, to, days) => expect(daysBetween(from, to)).toBe(days));
});

describe('R19, R20 thresholds', () => {
  it('documents: 60 and 30 days before and on the day; passports also 180 days before', () => {
    expect(DOCUMENT_THRESHOLDS.passport).toEqual([180, 60, 30, 0]);
    expect(DOCUMENT_THRESHOLDS.id_card).toEqual([60, 30, 0]);
    expect(DOCUMENT_THRESHOLDS.driving_licence).toEqual([60, 30, 0]);
  });

  it('passwords: 30, 7 and 1 day before', () => {
    expect(PASSWORD_THRESHOLDS).toEqual([30, 7, 1]);
  });
});

describe('planReminders', () => {
  it('a passport expiring in ~200 days gets all four reminders, each on its day', () => {
    expect(planReminders('2027-09-17', DOCUMENT_THRESHOLDS.passport, '2027-03-01')).toEqual([
      { thresholdDays: 180, dueOn: '2027-03-21' },
      { thresholdDays: 60, dueOn: '2027-07-19' },
      { thresholdDays: 30, dueOn: '2027-08-18' },
      { thresholdDays: 0, dueOn: '2027-09-17' },
    ]);
  });

  it('an ID card gets no 180-day reminder', () => {
    expect(planReminders('2027-09-17', DOCUMENT_THRESHOLDS.id_card, '2027-03-01').map((r) => r.thresholdDays)).toEqual([60, 30, 0]);
  });

  it('thresholds already past when the schedule is made are left out', () => {
    expect(planReminders('2027-04-15', DOCUMENT_THRESHOLDS.passport, '2027-03-01')).toEqual([
      { thresholdDays: 30, dueOn: '2027-03-16' },
      { thresholdDays: 0, dueOn: '2027-04-15' },
    ]);
  });

  it('a threshold due on the day the schedule is made is kept (it is not past yet)', () => {
    expect(planReminders('2027-03-31', DOCUMENT_THRESHOLDS.id_card, '2027-03-01')).toEqual([
      { thresholdDays: 30, dueOn: '2027-03-01' },
      { thresholdDays: 0, dueOn: '2027-03-31' },
    ]);
  });

  it('a document already expired gets none', () => {
    expect(planReminders('2027-02-28', DOCUMENT_THRESHOLDS.passport, '2027-03-01')).toEqual([]);
  });

  it('a password valid 40 days is reminded 30, 7 and 1 day before its expiry day', () => {
    expect(planReminders('2027-04-10', PASSWORD_THRESHOLDS, '2027-03-01')).toEqual([
      { thresholdDays: 30, dueOn: '2027-03-11' },
      { thresholdDays: 7, dueOn: '2027-04-03' },
      { thresholdDays: 1, dueOn: '2027-04-09' },
    ]);
  });
});

describe('settleDueReminders (once each, no burst of stale reminders)', () => {
  const passport = (dueOn: string, id = dueOn): DueReminder & { id: string } => ({ id, series: 'passport', dueOn, expiresOn: '2027-09-17' });
  const ids = (reminders: { id: string }[]) => reminders.map((reminder) => reminder.id).sort();

  it('sends the one reminder due today', () => {
    const settled = settleDueReminders([passport('2027-03-21')], '2027-03-21');
    expect(ids(settled.send)).toEqual(['2027-03-21']);
    expect(settled.skip).toEqual([]);
  });

  it('leaves reminders not yet due alone', () => {
    expect(settleDueReminders([passport('2027-07-19')], '2027-03-21')).toEqual({ send: [], skip: [] });
  });

  it('when the clock jumped over several thresholds, sends only the latest due one and skips the rest', () => {
    const settled = settleDueReminders([passport('2027-03-21'), passport('2027-07-19'), passport('2027-08-18'), passport('2027-09-17')], '2027-08-20');
    expect(ids(settled.send)).toEqual(['2027-08-18']);
    expect(ids(settled.skip)).toEqual(['2027-03-21', '2027-07-19']);
  });

  it('settles each series (document, password) on its own', () => {
    const settled = settleDueReminders(
      [
        passport('2027-07-19'),
        passport('2027-08-18'),
        { id: 'card-60', series: 'id_card', dueOn: '2027-08-01', expiresOn: '2027-09-30' },
        { id: 'password-30', series: 'password', dueOn: '2027-08-10', expiresOn: '2027-09-09' },
      ],
      '2027-08-18',
    );
    expect(ids(settled.send)).toEqual(['2027-08-18', 'card-60', 'password-30']);
    expect(ids(settled.skip)).toEqual(['2027-07-19']);
  });

  it('sends the expiry-day reminder on the expiry day', () => {
    expect(ids(settleDueReminders([passport('2027-09-17')], '2027-09-17').send)).toEqual(['2027-09-17']);
  });

  it('sends nothing once the thing has expired: a late reminder would be stale', () => {
    const settled = settleDueReminders([passport('2027-08-18'), passport('2027-09-17')], '2027-09-18');
    expect(settled.send).toEqual([]);
    expect(ids(settled.skip)).toEqual(['2027-08-18', '2027-09-17']);
  });
});
