import { en, Messages } from './en';
import { hu } from './hu';

export type DeskLanguage = 'hu' | 'en';
export const DESK_LANGUAGES: DeskLanguage[] = ['hu', 'en'];
export const MESSAGES: Record<DeskLanguage, Messages> = { hu, en };
export const LANGUAGE_NAMES: Record<DeskLanguage, string> = { hu: 'Magyar', en: 'English' };
export type { Messages };
