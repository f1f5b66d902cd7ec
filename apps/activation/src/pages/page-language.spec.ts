import { pageLanguage } from './page-language';

describe('pageLanguage (R21: pages in hu, en or uk; Hungarian by default)', () => {
  it('R21: ?lang= wins when it names a language of ours', () => {
    expect(pageLanguage('uk', 'en-GB,en;q=0.9')).toBe('uk');
    expect(pageLanguage('en', undefined)).toBe('en');
  });

  it('R21: an unknown or repeated ?lang= is ignored in favour of Accept-Language', () => {
    expect(pageLanguage('de', 'en')).toBe('en');
    expect(pageLanguage(['en', 'uk'], 'uk')).toBe('uk');
  });

  it('R21: the best-weighted language of ours in Accept-Language, regions ignored', () => {
    expect(pageLanguage(undefined, 'de-DE,de;q=0.9,uk;q=0.5,en;q=0.8')).toBe('en');
    expect(pageLanguage(undefined, 'en-GB')).toBe('en');
    expect(pageLanguage(undefined, 'UK-ua, hu;q=0.4')).toBe('uk');
  });

  it('R21: equal weights keep the client\'s order; q=0 means "not this one"', () => {
    expect(pageLanguage(undefined, 'uk;q=0.7, en;q=0.7')).toBe('uk');
    expect(pageLanguage(undefined, 'en;q=0, uk;q=0.1')).toBe('uk');
  });

  it('R21: Hungarian when nothing matches', () => {
    expect(pageLanguage(undefined, undefined)).toBe('hu');
    expect(pageLanguage(undefined, 'fr-FR, de;q=0.8, *;q=0.5')).toBe('hu');
    expect(pageLanguage('', ';;,q=,')).toBe('hu');
  });
});
