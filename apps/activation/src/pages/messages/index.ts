import { Locale } from '@client-gate/contracts';
import { en, Messages } from './en';
import { hu } from './hu';
import { uk } from './uk';

export type { Messages };

export const MESSAGES: Record<Locale, Messages> = { hu, en, uk };

/** Each language named in itself, for the language switcher. */
export const LANGUAGE_NAMES: Record<Locale, string> = { hu: 'Magyar', en: 'English', uk: 'Українська' };
