/**
 * Real headless Chromium for the web app's tests (playwright-core driving Debian's /usr/bin/chromium,
 * fake camera and microphone, permission prompts answered yes), one browser per test file and one
 * context per person. Screenshots go to test-output/screenshots/ (not committed).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { eventually } from './eventually.ts';
import { CHROMIUM_PATH } from './requirements.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export const SCREENSHOT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test-output/screenshots',
);

/**
 * `answerPrompts: false` leaves out `--use-fake-ui-for-media-stream`: headless Chromium then refuses the
 * camera prompt, as a person clicking "Block" would.
 */
export async function launchChromium(
  options: { answerPrompts?: boolean; fakeVideoFile?: string } = {},
): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...(options.answerPrompts === false ? [] : ['--use-fake-ui-for-media-stream']),
      // A small picture of our own (tools/fake-video.ts) instead of the default 640x480 at 30 fps.
      ...(options.fakeVideoFile ? [`--use-file-for-fake-video-capture=${options.fakeVideoFile}`] : []),
      '--use-fake-device-for-media-stream',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Inside a web test's `describe`: one Loop server and one Chromium for it, started before its tests and
 * closed after them. Read `server` and `browser` inside the tests (they exist once `before` has run).
 */
export function serverAndBrowser(
  options: { server?: Parameters<typeof startTestServer>[0]; answerPrompts?: boolean } = {},
): { readonly server: TestServer; readonly browser: Browser } {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startTestServer(options.server);
    browser = await launchChromium({ answerPrompts: options.answerPrompts });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) throw new Error('the test server is not started yet (use it inside a test)');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not launched yet (use it inside a test)');
      return browser;
    },
  };
}

/** A person's tab: its own context (storage, permissions), console errors kept for failure messages. */
export async function openPerson(
  browser: Browser,
  url: string,
  permissions: string[] = [],
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 760 }, permissions });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** The text of the page's `role="status"` live region. */
export async function statusText(page: Page): Promise<string> {
  return (await page.getByRole('status').textContent()) ?? '';
}

/**
 * Polls until the live region says something matching `pattern` (waitForFunction cannot await). Generous:
 * one run missed 15 s on a machine saturated by a benchmark; a quiet machine takes well under a second.
 */
export async function waitForStatus(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = await statusText(page);
    if (pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`status never matched ${pattern}; last: "${last}"`);
}

/** The inbound video `framesDecoded` of the page's call (`window.loopCallStats()`), 0 when none yet. */
export async function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const stats = await (window as unknown as { loopCallStats(): Promise<RTCStatsReport> | null }).loopCallStats();
    let frames = 0;
    stats?.forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
      if (report.type === 'inbound-rtp' && report.kind === 'video') frames += report.framesDecoded ?? 0;
    });
    return frames;
  });
}

/** Polls until the page has decoded video from the other side; resolves with Date.now() at that moment. */
export async function waitForDecodedVideo(page: Page, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await framesDecoded(page)) > 0) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no video frame decoded');
}

/** Polls a condition (in Node) until it holds. */
export function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  return eventually('a condition on the page', condition, timeoutMs);
}

/** The text of the focused element when it is a button (keyboard-only tests), else null. */
export async function focusedButton(page: Page): Promise<string | null> {
  return page.evaluate(() =>
    document.activeElement instanceof HTMLButtonElement ? document.activeElement.textContent : null,
  );
}
