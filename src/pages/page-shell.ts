/**
 * The HTML around every server-rendered page: language, zoomable viewport, the stylesheet and the page's
 * script from `/assets/` (no inline script or style: the CSP forbids them). Every interpolated value is
 * escaped by the caller through `escapeHtml`.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export interface PageParts {
  title: string;
  /** Trusted HTML (already escaped where it carries data). */
  body: string;
  /** A bundle under /assets/, loaded as a module; none for a page that needs no script. */
  script?: 'caller.js' | 'app.js' | 'room.js';
  /** A wider page (the room's grid of videos). */
  wide?: boolean;
}

export function renderPage({ title, body, script, wide }: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/loop.css">
${script ? `<script type="module" src="/assets/${script}"></script>\n` : ''}</head>
<body${wide ? ' class="wide"' : ''}>
<main class="card">${body}</main>
</body>
</html>
`;
}
