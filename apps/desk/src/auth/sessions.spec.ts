import { Sessions, SESSION_IDLE_MS, SESSION_MAX_AGE_MS } from './sessions';

const MINUTE = 60_000;
const START = Date.parse('2026-12-01T08:00:00Z');

describe('desk sessions (R25: new id at sign-in, 8 hours at most, 30 idle minutes, never past the access token)', () => {
  let sessions: Sessions;
  const officer = (tokenLifetimeMs = 9 * 60 * MINUTE) => ({
    officer: 'kyiv-officer',
    name: 'Kovács Katalin',
    consulate: 'HU-KYIV',
    accessToken: 'token',
    accessTokenExpiresAt: START + tokenLifetimeMs,
    idToken: 'id-token',
  });

  beforeEach(() => {
    jest.useFakeTimers({ now: START });
    sessions = new Sessions();
  });

  afterEach(() => {
    sessions.onModuleDestroy();
    jest.useRealTimers();
  });

  it('gives every sign-in a new random id', () => {
    const ids = new Set([sessions.start(officer()).id, sessions.start(officer()).id]);
    expect(ids.size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('ends after 30 idle minutes, and each request resets the idle time', () => {
    const { id } = sessions.start(officer());
    jest.setSystemTime(START + SESSION_IDLE_MS - MINUTE);
    expect(sessions.touch(id)).toBeDefined();
    jest.setSystemTime(START + 2 * SESSION_IDLE_MS - 2 * MINUTE);
    expect(sessions.touch(id)).toBeDefined();
    jest.setSystemTime(START + 3 * SESSION_IDLE_MS);
    expect(sessions.touch(id)).toBeUndefined();
  });

  it('ends after 8 hours however busy the officer is', () => {
    const { id } = sessions.start(officer());
    for (let at = 20 * MINUTE; at < SESSION_MAX_AGE_MS; at += 20 * MINUTE) {
      jest.setSystemTime(START + at);
      expect(sessions.touch(id)).toBeDefined();
    }
    jest.setSystemTime(START + SESSION_MAX_AGE_MS + MINUTE);
    expect(sessions.touch(id)).toBeUndefined();
  });

  it('ends when the access token expires, and at sign-out', () => {
    const short = sessions.start(officer(10 * MINUTE));
    const other = sessions.start(officer());
    jest.setSystemTime(START + 10 * MINUTE);
    expect(sessions.touch(short.id)).toBeUndefined();
    sessions.end(other.id);
    expect(sessions.touch(other.id)).toBeUndefined();
    expect(sessions.touch(undefined)).toBeUndefined();
  });
});
