import Bowser from 'bowser';

/** A browser as people name it ("Firefox 128 on Windows"), read from its User-Agent (R26); null when there is none. */
export function browserName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name) return userAgent.slice(0, 80);
  const major = browser.version?.split('.')[0];
  return `${browser.name}${major ? ` ${major}` : ''}${os.name ? ` on ${os.name}` : ''}`;
}
