import { buildReport, FaultWindow, Outcome, verdict } from './report';

const faults: FaultWindow[] = [
  { name: 'kill -9 registry', startedAt: 10_000, endedAt: 12_000 },
  // Opens within 2 s of the first fault's end: the old report's timer closed this window instead of the first.
  { name: 'kill -9 activation', startedAt: 13_000, endedAt: 15_500 },
];
/** Intake deciding every second from 10 s to 30 s. */
const decidingThroughout = Array.from({ length: 20 }, (_, second) => ({ previousAt: 10_000 + second * 1_000, at: 11_000 + second * 1_000 }));
const sent = (startedAt: number, emailAt: number, id = `n-${startedAt}`): Outcome => ({ startedAt, emailAt, firstNotificationId: id, repeats: [] });

describe('chaos report', () => {
  it('counts for each fault the registrations in flight while it lasted, overlapping faults included', () => {
    const outcomes = [
      sent(1_000, 5_000), // done before any fault
      sent(9_000, 11_000), // through the first only
      sent(11_500, 14_000), // through both
      sent(14_000, 16_000), // through the second only
      sent(16_000, 17_000), // after both
      { startedAt: 12_500, repeats: [] }, // lost: in flight from its start on, through the second
    ];
    const report = buildReport(outcomes, faults, [], { completed: 6 }, 0);
    expect(report.faults.map(({ name, inFlight, lost }) => ({ name, inFlight, lost }))).toEqual([
      { name: 'kill -9 registry', inFlight: 2, lost: 0 },
      { name: 'kill -9 activation', inFlight: 3, lost: 1 },
    ]);
    expect(report.lost).toBe(1);
  });

  it('fails a run where a fault had no registration in flight', () => {
    const lines: string[] = [];
    const report = buildReport([sent(1_000, 9_000), sent(11_000, 12_500)], faults, [], { completed: 2 }, 0);
    expect(verdict(report, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual([
      '✖ no registration in flight during "kill -9 activation"',
      '✖ the pipeline did not move again within 60 s of "kill -9 registry"',
      '✖ the pipeline did not move again within 60 s of "kill -9 activation"',
    ]);
  });

  it('issue 18: judges recovery by progress after each fault (an email sent and intake deciding, both after it ended), and fails past 60 s', () => {
    const inFlight = [sent(11_000, 14_000), sent(14_000, 15_000)];
    // Intake decided between samples at 12.5 and 13.5 s (after the first fault), and again between 16 and 17 s.
    const decisions = [{ previousAt: 12_500, at: 13_500 }, { previousAt: 16_000, at: 17_000 }];
    const moving = buildReport([...inFlight, sent(9_500, 16_200), sent(16_000, 20_000), sent(13_000, 21_000)], faults, decisions, { completed: 4 }, 0);
    expect(moving.faults.map(({ name, resumedAfterMs, newThroughAfterMs }) => ({ name, resumedAfterMs, newThroughAfterMs }))).toEqual([
      // Moving at 14 s (an email; intake decided by 13.5 s); the first registration begun after it emailed at 15 s.
      { name: 'kill -9 registry', resumedAfterMs: 2_000, newThroughAfterMs: 3_000 },
      // Moving at 17 s (an email at 16.2 s, intake deciding by 17 s); the first begun after it emailed at 20 s.
      { name: 'kill -9 activation', resumedAfterMs: 1_500, newThroughAfterMs: 4_500 },
    ]);
    expect(verdict(moving, () => undefined)).toBe(0);

    // Emails go on, but intake applies no verdict for 61 s after the second fault (a hung consumer).
    const lines: string[] = [];
    const intakeStalled = buildReport([...inFlight, sent(16_000, 17_000)], faults, [decisions[0], { previousAt: 15_500 + 60_000, at: 15_500 + 61_000 }], { completed: 3 }, 0);
    expect(intakeStalled.faults[1].resumedAfterMs).toBe(61_000);
    expect(verdict(intakeStalled, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual(['✖ the pipeline did not move again within 60 s of "kill -9 activation"']);

    // A rise that straddles the fault's end (its earlier sample before the end) is not counted as progress after it.
    const straddling = buildReport([...inFlight, sent(16_000, 17_000)], faults, [{ previousAt: 15_000, at: 16_000 }], { completed: 3 }, 0);
    expect(straddling.faults[1].resumedAfterMs).toBeUndefined();
  });

  it('tells the same notification re-sent after a crash from a second email, and bounds the re-sends at 0.5%', () => {
    // The last one begun after both faults: the pipeline moved again.
    const many = [...Array.from({ length: 399 }, (_, index) => sent(11_000 + index, 14_000 + index)), sent(16_000, 17_000)];
    const resent = { ...sent(11_000, 14_000, 'same'), repeats: ['same'] };
    const lines: string[] = [];
    const oneIn401 = buildReport([...many, resent], faults, decidingThroughout, { completed: 401 }, 0);
    expect(oneIn401).toMatchObject({ duplicated: 1, resent: 1 });
    expect(verdict(oneIn401, (line) => lines.push(line))).toBe(0);

    const second = { ...sent(11_000, 14_000, 'first'), repeats: ['another'] };
    const doubled = buildReport([...many, second], faults, decidingThroughout, { completed: 401 }, 0);
    expect(doubled).toMatchObject({ duplicated: 1, resent: 0 });
    expect(verdict(doubled, (line) => lines.push(line))).toBe(1);

    const tooMany = buildReport([...many.slice(-100), resent], faults, decidingThroughout, { completed: 101 }, 0);
    expect(verdict(tooMany, (line) => lines.push(line))).toBe(1);
    expect(lines).toEqual(['✖ 1 doubled by a second notification', '✖ 1 re-sent emails, not under 0.5%']);
  });
});
