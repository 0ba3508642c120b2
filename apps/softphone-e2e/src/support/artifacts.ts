import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Git-ignored: screenshots are for people to look at, not to diff. */
export const ARTIFACTS_DIR = join(__dirname, '../../artifacts');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.getAttribute('data-theme'));
  if (current !== theme) await page.getByTestId('theme-toggle').click();
  await page.waitForFunction(
    (wanted) => document.documentElement.getAttribute('data-theme') === wanted,
    theme,
  );
}
