import { maskedAddress } from './masked-address';

describe('maskedAddress (R26: the activity and the new-sign-in email show the address masked)', () => {
  it('hides the last byte of IPv4, also when it comes as IPv4-mapped IPv6', () => {
    expect(maskedAddress('203.0.113.77')).toBe('203.0.113.x');
    expect(maskedAddress('::ffff:198.51.100.9')).toBe('198.51.100.x');
  });

  it('keeps only the first three groups of IPv6, compressed or not', () => {
    expect(maskedAddress('2001:db8:85a3::8a2e:370:7334')).toBe('2001:db8:85a3::x');
    expect(maskedAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8:0::x');
    expect(maskedAddress('::1')).toBe('0:0:0::x');
  });

  it('gives nothing for what is not an address', () => {
    expect(maskedAddress('')).toBeNull();
    expect(maskedAddress('unknown')).toBeNull();
  });
});
