/** Bob and Alice as people using the web app in Chromium: what they click and read, as the UI names it. */
import type { Browser, Page } from 'playwright-core';
import { openPerson, waitForStatus } from './browser.ts';

/** Bob opens the app, waits until it listens for calls, and makes a link for `callerName`. */
export async function bobMakesLink(
  browser: Browser,
  baseUrl: string,
  callerName = 'Alice',
): Promise<{ bob: Page; link: string }> {
  // Copying a link needs the clipboard, which a person grants by using the page; the test grants it up front.
  const { page: bob } = await openPerson(browser, `${baseUrl}/app/`, ['clipboard-read', 'clipboard-write']);
  await bob.getByText('Ready to receive calls.').waitFor();
  await bob.getByLabel('Your name (the caller sees it)').fill('Bob');
  await bob.getByLabel('Who is this link for?').fill(callerName);
  await bob.getByLabel('Valid for').selectOption({ label: '1 day' });
  await bob.getByRole('button', { name: 'Make a link' }).click();
  await waitForStatus(bob, new RegExp(`Link for ${callerName} made`));
  const link = (await bob.locator('.link-url code').first().textContent()) ?? '';
  return { bob, link };
}

/** Alice opens the link and clicks Call (or Audio only); resolves with Date.now() at the click. */
export async function aliceCalls(
  browser: Browser,
  link: string,
  button: 'Call' | 'Audio only' = 'Call',
): Promise<{ alice: Page; clickedAt: number }> {
  const { page: alice } = await openPerson(browser, link);
  await alice.getByRole('button', { name: button, exact: true }).waitFor();
  const clickedAt = Date.now();
  await alice.getByRole('button', { name: button, exact: true }).click();
  return { alice, clickedAt };
}

export async function closeAll(...pages: Page[]): Promise<void> {
  for (const page of pages) await page.context().close();
}
