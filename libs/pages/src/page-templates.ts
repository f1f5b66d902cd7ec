import Handlebars, { HelperDelegate, HelperOptions } from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * One app's page templates (`<dir>/<name>.hbs`), with every partial in `<dir>/partials` and the helpers every page
 * may use (`format`, `eq`) plus the app's own. Compiled once, in strict mode: a misspelt message key fails loudly.
 */
export class PageTemplates<Name extends string> {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly dir: string,
    names: readonly Name[],
    helpers: Record<string, HelperDelegate> = {},
  ) {
    this.handlebars.registerHelper({ format, eq: (a: unknown, b: unknown) => a === b, ...helpers });
    const partials = join(dir, 'partials');
    for (const file of existsSync(partials) ? readdirSync(partials) : []) {
      this.handlebars.registerPartial(basename(file, '.hbs'), this.compile(join('partials', file)));
    }
    for (const name of names) this.templates.set(name, this.compile(`${name}.hbs`));
  }

  render(name: Name, context: object): string {
    return this.templates.get(name)!(context);
  }

  /** The template as the `body` of the `layout` template, both given the same context. */
  renderInLayout(name: Name, context: object): string {
    return this.render('layout' as Name, { ...context, body: this.render(name, context) });
  }

  private compile(file: string): Handlebars.TemplateDelegate {
    return this.handlebars.compile(readFileSync(join(this.dir, file), 'utf8'), { strict: true });
  }
}

/** `{{format message name=value}}`: the message with each `{name}` replaced by its value, all of it escaped, values in bold. */
function format(message: string, options: HelperOptions): Handlebars.SafeString {
  const values = options.hash as Record<string, unknown>;
  const html = Handlebars.escapeExpression(message).replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] === undefined || values[name] === null) throw new Error(`format: no value for {${name}}`);
    return `<strong>${Handlebars.escapeExpression(String(values[name]))}</strong>`;
  });
  return new Handlebars.SafeString(html);
}
