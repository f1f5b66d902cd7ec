import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { chromiumPath } from '@client-gate/tools/system/prerequisites';
import { REPO_ROOT } from '@client-gate/tools/system/services';

export const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A full-page screenshot kept as a test artefact: `test-artifacts/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches the selector (keyboard-only use); fails after `limit` presses. */
export async function tabTo(page: Page, selector: string, limit = 15): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await page.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector} (focus is on #${await focusedId(page)})`);
}

// Browser-side code is given as expressions: this workspace compiles without the DOM's types.
export function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>("document.activeElement?.id ?? ''");
}

export function focusedClass(page: Page): Promise<string> {
  return page.evaluate<string>("document.activeElement?.className ?? ''");
}

/** A new browser context (a fresh cookie jar) and page, whose Content-Security-Policy violations go to `violations`. */
export async function openWatchedPage(browser: Browser, violations: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
  });
  return { context, page };
}
