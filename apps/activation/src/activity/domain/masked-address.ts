import { isIPv4, isIPv6 } from 'node:net';

/**
 * A client address with its host part hidden (SPEC §8: personal data masked): the last byte of IPv4, all but the
 * first three groups (a provider's /48) of IPv6. Enough to tell a provider or a country, not a household.
 */
export function maskedAddress(address: string): string | null {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  if (isIPv4(plain)) return `${plain.split('.').slice(0, 3).join('.')}.x`;
  if (!isIPv6(plain)) return null;
  const [head, tail] = plain.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
  return `${groups.slice(0, 3).map((group) => group.replace(/^0+(?=.)/, '').toLowerCase()).join(':')}::x`;
}
