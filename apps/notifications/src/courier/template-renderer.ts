import { byLocale, Locale } from '@client-gate/contracts';
import Handlebars, { HelperOptions } from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '@client-gate/pages';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const TEMPLATES_DIR = assetPath('notifications', 'templates');

/**
 * Each template is a subject / HTML / plain-text triplet per language under `templates/<type>/<locale>/`;
 * every HTML body sits in one shared layout. Templates compile once, on first use, in strict mode: a
 * field missing from the data fails the send rather than leaving a blank in the email.
 *
 * Helpers: `{{eq a b}}`; `{{date day}}` and `{{dateTime instant}}` in the email's language, in UTC (SPEC §6);
 * `{{plural count one="day" other="days"}}` by the language's plural rules (Ukrainian has one/few/many).
 */
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    const localeOf = (options: HelperOptions) => (options.data.root as { locale: Locale }).locale;
    const dates = byLocale((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }));
    const dateTimes = byLocale((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }));
    const plurals = byLocale((locale) => new Intl.PluralRules(locale));
    const builtIn = this.handlebars.helpers;
    this.strictHelper('if', builtIn['if']);
    this.strictHelper('eq', (a: unknown, b: unknown) => a === b);
    this.strictHelper('date', (value: string, options: HelperOptions) => dates[localeOf(options)].format(new Date(value)));
    this.strictHelper('dateTime', (value: string, options: HelperOptions) => dateTimes[localeOf(options)].format(new Date(value)));
    this.strictHelper('plural', (count: number, options: HelperOptions) => {
      const forms = options.hash as Record<string, string>;
      return forms[plurals[localeOf(options)].select(count)] ?? forms['other'];
    });
  }

  render(type: string, locale: Locale, data: Record<string, unknown>): RenderedEmail {
    const context = { ...data, locale };
    const html = this.template(join(type, locale, 'body.html.hbs'))(context);
    return {
      subject: this.template(join(type, locale, 'subject.hbs'))(context).trim(),
      html: this.template('layout.html.hbs')({ ...context, body: html }),
      text: this.template(join(type, locale, 'body.txt.hbs'))(context),
    };
  }

  /** Strict mode checks `{{field}}` but not a helper's parameters: these refuse a field missing from the data too. */
  private strictHelper(name: string, helper: Handlebars.HelperDelegate): void {
    this.handlebars.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as HelperOptions & { loc?: { start: { line: number; column: number } } };
      if (args.slice(0, -1).includes(undefined)) {
        const at = options.loc ? ` - ${options.loc.start.line}:${options.loc.start.column}` : '';
        throw new Error(`a parameter of "${name}" is not defined${at}`);
      }
      return (helper as (...params: unknown[]) => unknown).apply(this, args);
    });
  }

  private template(path: string): Handlebars.TemplateDelegate {
    let template = this.compiled.get(path);
    if (!template) {
      // Only HTML is escaped: a plain-text body or a subject must show `&` and `=` as they are.
      const noEscape = !path.endsWith('.html.hbs');
      template = this.handlebars.compile(readFileSync(join(TEMPLATES_DIR, path), 'utf8'), { strict: true, noEscape });
      this.compiled.set(path, template);
    }
    return template;
  }
}
