import { maskLogLine } from './logging';

const line = (value: unknown) => JSON.stringify({ level: 30, service: 'activation', msg: 'request completed', value });

describe('log lines carry no secret and no email address in clear (SPEC §8)', () => {
  it('masks email addresses, keeping their first character and domain', () => {
    const masked = maskLogLine(line({ to: 'olena.kovacs+cg@example.org', err: 'Recipient <Ügyfél@példa.hu> rejected' }));
    expect(masked).not.toContain('olena.kovacs');
    expect(masked).toContain('o***@example.org');
    expect(masked).toContain('Ü***@példa.hu');
    expect(maskLogLine(line('/forgotten-password?email=olena.kovacs%40example.org'))).toBe(line('/forgotten-password?email=o***@example.org'));
    expect(JSON.parse(masked)).toMatchObject({ msg: 'request completed' });
  });

  it('removes tokens', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvZmZpY2VyLTEifQ.c2lnbmF0dXJl';
    expect(maskLogLine(line(`Bearer ${token}`))).toBe(line('Bearer [token]'));
  });

  it('removes one-time codes, with or without dashes, in any case', () => {
    expect(maskLogLine(line('code 7KQ2-M9XD-4RTV-0HZP, again 7KQ2M9XD4RTV0HZP or 7kq2-m9xd-4rtv-0hzp'))).toBe(
      line('code [code], again [code] or [code]'),
    );
  });

  it('removes secret query parameters', () => {
    expect(maskLogLine(line('/reset-password?lang=en&code=7kq2m9xd4rtv0hzp&x=1'))).toBe(line('/reset-password?lang=en&code=[redacted]&x=1'));
  });

  it('keeps ids, trace ids and error codes', () => {
    const kept = line({
      id: '12c6c9f8-bbd8-4c1c-9cea-602bfbb667f9',
      traceparent: '00-cf559f9ba1c9e2ea313a801f53807cae-6f37141800cd88c8-01',
      errors: [{ code: 'INVALID_CODE' }],
    });
    expect(maskLogLine(kept)).toBe(kept);
  });
});
