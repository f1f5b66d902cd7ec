import { Locale } from '@client-gate/contracts';
import { RenderedEmail, TemplateRenderer } from './template-renderer';

const LOCALES: Locale[] = ['hu', 'en', 'uk'];
const LINK = 'https://ugyfelkapu.example/activate?lang=en&x=1';
const data = {
  code: 'ABCD-EFGH-JKMN-PQRS',
  expiresAt: '2026-06-20 09:30',
  link: LINK,
};

describe("TemplateRenderer: 'activation-code' (SPEC §4, R9, R21)", () => {
  const renderer = new TemplateRenderer();

  describe.each(LOCALES)('R21: in %s', (locale) => {
    let email: RenderedEmail;
    beforeAll(() => {
      email = renderer.render('activation-code', locale, data);
    });

    it('has a non-empty, one-line subject', () => {
      expect(email.subject.length).toBeGreaterThan(0);
      expect(email.subject).toBe(email.subject.trim());
      expect(email.subject).not.toContain('\n');
    });

    it(`wraps the HTML body in the shared layout with <html lang="${locale}">`, () => {
      expect(email.html.trimStart().toLowerCase().startsWith('<!doctype html>')).toBe(true);
      expect(email.html).toContain(`<html lang="${locale}">`);
      expect(email.html.trimEnd().endsWith('</html>')).toBe(true);
      const body = email.html.slice(email.html.indexOf('<body'), email.html.indexOf('</body>'));
      expect(body).toContain('<p');
      expect(body).toContain(data.code);
    });

    it('R9: shows the code and when it expires in HTML and text', () => {
      for (const part of [email.html, email.text]) {
        expect(part).toContain(data.code);
        expect(part).toContain(data.expiresAt);
      }
    });

    it('keeps the link as it is in the plain-text body', () => {
      expect(email.text).toContain(LINK);
      expect(email.text).not.toContain('&amp;');
    });

    it('escapes the link in the HTML body', () => {
      expect(email.html).not.toContain(LINK);
      expect(email.html).not.toContain('&x=1');
      expect(email.html).toContain('https://ugyfelkapu.example/activate?lang');
      expect(email.html).toContain('&amp;x');
      expect(email.html).toMatch(/href="https:\/\/ugyfelkapu\.example\/activate\?lang(=|&#x3D;)en&amp;x(=|&#x3D;)1"/);
    });

    it('has no markup in the plain-text body', () => {
      expect(email.text).not.toMatch(/<\/?(p|a|strong|html|body)\b/);
    });
  });

  it('R21: subjects differ per language', () => {
    const subjects = LOCALES.map((locale) => renderer.render('activation-code', locale, data).subject);
    expect(new Set(subjects).size).toBe(3);
  });

  it('R21: bodies differ per language', () => {
    const texts = LOCALES.map((locale) => renderer.render('activation-code', locale, data).text);
    expect(new Set(texts).size).toBe(3);
  });

  it('R21: the Ukrainian email is written in Cyrillic, the Hungarian one with Hungarian accents', () => {
    expect(renderer.render('activation-code', 'uk', data).text).toMatch(/[\u0400-\u04FF]{5}/);
    expect(renderer.render('activation-code', 'hu', data).text).toMatch(/[őűáéí]/);
  });

  it('the language comes from the locale argument, not from the data', () => {
    const email = renderer.render('activation-code', 'en', { ...data, locale: 'uk' });
    expect(email.html).toContain('<html lang="en">');
  });

  it('escapes markup in the data of the HTML body (no injection), leaves the text as is', () => {
    const hostile = { ...data, link: 'https://x.example/"><script>alert(1)</script>' };
    const email = renderer.render('activation-code', 'en', hostile);
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.text).toContain(hostile.link);
  });

  it('renders the same output twice (compiled templates are reused)', () => {
    const first = renderer.render('activation-code', 'hu', data);
    expect(renderer.render('activation-code', 'hu', data)).toEqual(first);
  });

  it.each(['code', 'expiresAt', 'link'])('strict mode: missing %s throws instead of rendering a blank', (field) => {
    const incomplete: Record<string, unknown> = { ...data };
    delete incomplete[field];
    expect(() => new TemplateRenderer().render('activation-code', 'en', incomplete)).toThrow(field);
  });

  it('throws for a template that does not exist', () => {
    expect(() => renderer.render('no-such-template', 'en', data)).toThrow();
  });
});
