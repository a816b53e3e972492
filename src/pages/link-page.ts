/**
 * The caller's page behind a call link (`/c/{token}`). Server-rendered so that it says who Alice is about
 * to call, and until when, before any script runs; `web/caller/` then adds the call controls into
 * `#call-ui` and announces states in `#status`. An invalid link gets a page that says what to do.
 */
import type { CallUrlRecord } from '../call-urls/call-url-record.ts';
import { escapeHtml, renderPage } from './page-shell.ts';

export function renderLinkPage(link: CallUrlRecord): string {
  const who = link.issuer.trim() || 'the person who sent you this link';
  const until = new Date(link.expiresSec * 1000);
  return renderPage({
    title: `Call ${who}`,
    script: 'caller.js',
    body: `
<h1 id="question">Do you want to call ${escapeHtml(who)}?</h1>
${link.subject ? `<p id="subject">Subject: ${escapeHtml(link.subject)}</p>` : ''}
<p class="muted" id="validity">This link is valid until <time datetime="${until.toISOString()}">${until.toUTCString()}</time>.</p>
<p id="status" class="status" role="status" aria-live="polite"></p>
<div id="call-ui" data-callee="${escapeHtml(who)}">
<noscript><p>Calling needs JavaScript: please turn it on for this page.</p></noscript>
</div>`,
  });
}

export function renderInvalidLinkPage(): string {
  return renderPage({
    title: 'Link not valid',
    body: `
<h1 id="question">This call link is not valid</h1>
<p id="validity">It may have expired or been revoked, or it was copied incompletely. Ask the person who sent it for a new link.</p>`,
  });
}
