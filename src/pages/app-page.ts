/**
 * The shell of the callee's app (`/app/`): everything else is drawn by `web/callee/` once its script runs.
 * The status region exists from the start so that screen readers register it before it first speaks.
 */
import { renderPage } from './page-shell.ts';

export function renderAppPage(): string {
  return renderPage({
    title: 'Loop',
    script: 'app.js',
    body: `
<h1>Loop</h1>
<p class="muted">Make a link, send it to someone, and they can call you from their browser.</p>
<p id="status" class="status" role="status" aria-live="polite"></p>
<div id="app">
<noscript><p>This app needs JavaScript: please turn it on for this page.</p></noscript>
</div>`,
  });
}
