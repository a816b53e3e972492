/**
 * The page a person sees on opening a call link. Server-rendered and script-free; the full web app
 * replaces it later. Every interpolated value is escaped.
 */
import type { CallUrlRecord } from '../storage/store.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #1d1d1f; }
  h1 { font-size: 1.5rem; } .muted { color: #555; } .card { border: 1px solid #ddd; border-radius: 12px; padding: 1.5rem; }
</style>
</head>
<body><main class="card">${body}</main></body>
</html>
`;
}

export function renderLinkPage(link: CallUrlRecord): string {
  const who = link.issuer.trim() || 'the person who sent you this link';
  const until = new Date(link.expiresSec * 1000).toUTCString();
  return page(`Call ${who}`, `
<h1 id="question">Do you want to call ${escapeHtml(who)}?</h1>
${link.subject ? `<p id="subject">Subject: ${escapeHtml(link.subject)}</p>` : ''}
<p class="muted" id="validity">This link is valid until <time datetime="${new Date(link.expiresSec * 1000).toISOString()}">${until}</time>.</p>`);
}

export function renderInvalidLinkPage(): string {
  return page('Link not valid', `
<h1 id="question">This call link is not valid</h1>
<p id="validity">It may have expired or been revoked, or it was copied incompletely. Ask the person who sent it for a new link.</p>`);
}
