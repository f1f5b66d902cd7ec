/** EU 27, Iceland, Liechtenstein, Norway; Switzerland is treated alike (R5). */
export const EEA_AND_SWITZERLAND: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO', 'CH',
]);

/** R5: a Hungarian card-format driving licence counts only when issued after this day. */
export const DRIVING_LICENCE_ISSUED_AFTER = '2001-01-01';

/** R5's three groups: which documents a citizen presents (intake checks them; the desk explains them). */
export type DocumentRuleGroup = 'hungarian' | 'eea' | 'other';

export function documentRuleGroup(citizenship: string): DocumentRuleGroup {
  if (citizenship === 'HU') return 'hungarian';
  return EEA_AND_SWITZERLAND.has(citizenship) ? 'eea' : 'other';
}
