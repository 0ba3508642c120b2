import type { Browser, BrowserContext, Page } from 'playwright-core';

export const OPERATOR = { username: 'agent1011', password: 'demo', extension: '1011' } as const;
export const SUPERVISOR = { username: 'supervisor', password: 'supervisor' } as const;

export const VIEWPORT = { width: 1280, height: 720 } as const;

/** Signs in through the login form, as a person would, and waits for the role's home page. */
export async function signIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/username|имя пользователя/i).fill(user.username);
  await page.getByLabel(/^(password|пароль)$/i).fill(user.password);
  await page.getByRole('button', { name: /sign in|войти/i }).click();
  await page.waitForFunction(
    () => !location.pathname.startsWith('/login') || document.querySelector('[data-failure]') !== null,
  );
  const failure = await page
    .locator('[data-failure]')
    .getAttribute('data-failure', { timeout: 100 })
    .catch(() => null);
  if (failure) throw new Error(`sign-in of ${user.username} refused: ${failure}`);
}

/**
 * A browser context (its own cookies and storage: another person, or the same person after closing the
 * browser) at 1280x720 with the microphone allowed.
 */
export async function newContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORT, baseURL: baseUrl, permissions: ['microphone'] });
}

/** A bearer token for API calls a test makes beside the browser (never for what the test asserts on). */
export async function apiToken(
  baseUrl: string,
  user: { username: string; password: string },
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (!response.ok) throw new Error(`login ${user.username}: ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
