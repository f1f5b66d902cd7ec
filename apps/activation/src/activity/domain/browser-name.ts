import Bowser from 'bowser';

/** A browser as people name it ("Firefox 128 (Windows)", alike in every language), read from its User-Agent (R26); null without one. */
export function browserName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name) return userAgent.slice(0, 80);
  const major = browser.version?.split('.')[0];
  return `${browser.name}${major ? ` ${major}` : ''}${os.name ? ` (${os.name})` : ''}`;
}
