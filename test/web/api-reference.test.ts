/**
 * The API reference page (/docs) renders the document in Chromium under its CSP: no violation reported,
 * no console error, and no request leaves Loop's origin (no CDN, fonts or telemetry).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { screenshot, serverAndBrowser } from '../helpers/browser.ts';
import { requireChromium } from '../helpers/requirements.ts';

if (requireChromium('the API reference page in Chromium')) {
  void describe('the API reference page', () => {
    const web = serverAndBrowser();

    void it('renders the groups of /openapi.json with no CSP violation and nothing fetched elsewhere', async () => {
      const response = await fetch(`${web.server.url}/docs`);
      const csp = response.headers.get('content-security-policy') ?? '';
      for (const directive of ["script-src 'self'", "style-src 'self' 'unsafe-inline'", "connect-src 'self'"])
        assert.ok(csp.includes(directive), `${directive} in ${csp}`);

      const context = await web.browser.newContext({ viewport: { width: 1200, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      const elsewhere: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== web.server.url) elsewhere.push(request.url());
      });
      // Before any script of the page: every violation the page would report, kept where the test reads it.
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { cspViolations: string[] }).cspViolations = seen;
        document.addEventListener('securitypolicyviolation', (event) =>
          seen.push(
            `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
          ),
        );
      });
      await page.goto(`${web.server.url}/docs`);
      // The renderer has read the document: the first group's operations and every group are on the page.
      await page.getByText('Describe the service').first().waitFor({ timeout: 30_000 });
      for (const group of ['registration', 'call links', 'calls', 'rooms', 'realtime', 'Models'])
        await page.getByText(group, { exact: true }).first().waitFor({ timeout: 5_000 });
      await screenshot(page, 'api-reference');
      const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
      assert.deepEqual(violations, [], 'CSP violations');
      assert.deepEqual(errors, [], 'console errors');
      assert.deepEqual(elsewhere, [], 'requests to other origins');
      await context.close();
    });
  });
}
