import { Locale } from '@client-gate/contracts';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const TEMPLATES_DIR = join(__dirname, '..', 'templates');

/**
 * Each template is a subject / HTML / plain-text triplet per language under `templates/<type>/<locale>/`;
 * every HTML body sits in one shared layout. Templates compile once, on first use.
 */
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();

  render(type: string, locale: Locale, data: Record<string, unknown>): RenderedEmail {
    const context = { ...data, locale };
    const html = this.template(join(type, locale, 'body.html.hbs'))(context);
    return {
      subject: this.template(join(type, locale, 'subject.hbs'))(context).trim(),
      html: this.template('layout.html.hbs')({ ...context, body: html }),
      text: this.template(join(type, locale, 'body.txt.hbs'))(context),
    };
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
