import { nextRefreshSeconds } from './refresh-backoff';

describe('R25: the pending application page backs off its self-refresh', () => {
  it('waits 2 s first, then longer each time, never more than 30 s', () => {
    const waits: number[] = [];
    let wait: number | undefined;
    for (let reload = 0; reload < 10; reload++) {
      const { now, next } = nextRefreshSeconds(wait);
      waits.push(now);
      wait = next;
    }
    expect(waits).toEqual([2, 3, 5, 8, 12, 18, 27, 30, 30, 30]);
  });

  it('takes no wait from the URL outside 2–30 s or that is not a whole number', () => {
    expect(nextRefreshSeconds(Number('abc')).now).toBe(2);
    expect(nextRefreshSeconds(0).now).toBe(2);
    expect(nextRefreshSeconds(1.5).now).toBe(2);
    expect(nextRefreshSeconds(3600).now).toBe(30);
  });
});
