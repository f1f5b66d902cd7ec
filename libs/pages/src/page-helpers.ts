import Handlebars, { HelperOptions } from 'handlebars';

/** The helpers every page template may use: `format` and `eq`. */
export function registerPageHelpers(handlebars: typeof Handlebars): void {
  handlebars.registerHelper('format', format);
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
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
