import { browserName } from './browser-name';

describe('browserName (R26: sessions and activity name the browser from its User-Agent)', () => {
  it('names the browser, its major version and the system', () => {
    expect(browserName('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox 128 (Windows)');
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe('Chrome 131 (Linux)');
  });

  it('keeps an unknown agent as it came (shortened), and gives nothing without one', () => {
    expect(browserName('curl/8.5.0')).toBe('curl/8.5.0');
    expect(browserName(null)).toBeNull();
  });
});
