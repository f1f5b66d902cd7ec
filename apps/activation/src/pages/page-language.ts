import { Locale, locales } from '@client-gate/contracts';

export const DEFAULT_LANGUAGE: Locale = 'hu';

const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);

/**
 * R21: the page's language is `?lang=` when it names one of ours, else the client's best
 * Accept-Language match (by weight, then order; `en-GB` counts as `en`), else Hungarian.
 */
export function pageLanguage(lang: unknown, acceptLanguage: string | undefined): Locale {
  if (isLocale(lang)) return lang;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((entry, position) => {
      const [tag, ...params] = entry.trim().toLowerCase().split(';');
      const weight = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { language: tag.split('-')[0], quality: weight === undefined ? 1 : Number(weight), position };
    })
    .filter(({ language, quality }) => isLocale(language) && quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  return (ranked[0]?.language as Locale | undefined) ?? DEFAULT_LANGUAGE;
}
