import { NotFoundException, ParseUUIDPipe } from '@nestjs/common';
import { Messages } from './messages';
import { fieldId, FormErrors } from './desk-pages';

export interface FieldOptions {
  /** Dates and times are text fields: the hint gives their format (a browser's date picker shows its own locale's). */
  type?: 'text' | 'email' | 'select' | 'checkbox' | 'radio';
  options?: { value: string; label: string; hint?: string }[];
  autocomplete?: string;
  optional?: boolean;
  size?: 'short' | 'medium' | 'wide';
}

/** The view of one form field: label and hint in the officer's language, the typed value, its error tied to it. */
export type FieldName = keyof Messages['fields'] & string;

export function field(t: Messages, name: FieldName, typed: Record<string, string>, errors: FormErrors | undefined, options: FieldOptions = {}) {
  const words: { label: string; hint?: string } = t.fields[name];
  const id = fieldId(name);
  const error = errors?.byField[name] ?? null;
  const hint = words.hint ?? null;
  const value = typed[name] ?? '';
  return {
    name,
    id,
    label: words.label,
    hint,
    error,
    optional: options.optional ?? false,
    type: options.type ?? 'text',
    isSelect: options.type === 'select',
    isCheckbox: options.type === 'checkbox',
    isRadio: options.type === 'radio',
    checked: value === 'on',
    options: (options.options ?? []).map((option, index) => ({ ...option, id: `${id}-${index}`, selected: option.value === value })),
    value,
    autocomplete: options.autocomplete ?? 'off',
    size: options.size ?? 'wide',
    describedBy: [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || null,
  };
}

/** The posted fields by name (express's urlencoded body); a missing or repeated field is empty. */
export function postedFields(body: unknown, names: readonly string[]): Record<string, string> {
  const fields = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(names.map((name) => [name, typeof fields[name] === 'string' ? (fields[name] as string).trim() : '']));
}

/** An id in a path that is not a UUID names nothing: 404, like another consulate's record. */
export const recordId = () => new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException() });
