import { AFTER_FAULT_MS, clusterView, parseServiceLog } from './cluster-view';

describe('leader changes as the services saw them (issue 19)', () => {
  const log = [
    '{"level":30,"time":1000,"msg":"started"}',
    '{"level":40,"time":500,"heldUpMs":99999,"msg":"publishing to Kafka was held up"}',
    '{"level":40,"time":2000,"heldUpMs":4200,"msg":"publishing to Kafka was held up"}',
    '{"level":40,"time":2500,"heldUpMs":7300,"msg":"publishing to Kafka was held up"}',
    '{"level":40,"time":3000,"group":"intake","outOfGroupMs":12000,"msg":"consumer rejoined its group"}',
    '{"level":40,"time":3000,"heldUpMs":',
  ].join('\n');

  it('reads the hold-ups since the run began, skipping other lines and lines cut short', () => {
    expect(parseServiceLog('intake', log, 1000)).toEqual([
      { service: 'intake', time: 2000, heldUpMs: 4200, outOfGroupMs: undefined },
      { service: 'intake', time: 2500, heldUpMs: 7300, outOfGroupMs: undefined },
      { service: 'intake', time: 3000, heldUpMs: undefined, outOfGroupMs: 12000 },
    ]);
  });

  it('gives each fault the longest hold-up each service logged during it or soon after, before the next fault', () => {
    const entries = parseServiceLog('intake', log, 1000);
    const view = clusterView(
      [
        { name: 'first', startedAt: 1500, endedAt: 1600 },
        { name: 'second', startedAt: 2400, endedAt: 2600 },
      ],
      entries,
      ['intake'],
    );
    expect(view.map(({ fault, byService }) => [fault, byService['intake']])).toEqual([
      ['first', { heldUpMs: 4200, outOfGroupMs: undefined }],
      ['second', { heldUpMs: 7300, outOfGroupMs: 12000 }],
    ]);
  });

  it('leaves out what came long after a fault', () => {
    const entries = parseServiceLog('intake', log, 1000);
    const view = clusterView(
      [
        { name: 'kill -9 broker 2', startedAt: 1500, endedAt: 1600 },
        { name: 'later', startedAt: 1600 + AFTER_FAULT_MS + 10_000, endedAt: 1600 + AFTER_FAULT_MS + 20_000 },
      ],
      entries,
      ['intake', 'registry'],
    );
    expect(view).toEqual([
      { fault: 'kill -9 broker 2', byService: { intake: { heldUpMs: 7300, outOfGroupMs: 12000 }, registry: { heldUpMs: undefined, outOfGroupMs: undefined } } },
      { fault: 'later', byService: { intake: { heldUpMs: undefined, outOfGroupMs: undefined }, registry: { heldUpMs: undefined, outOfGroupMs: undefined } } },
    ]);
  });
});
