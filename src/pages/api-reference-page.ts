/**
 * The API reference page (`/docs`): Scalar's renderer, bundled in @scalar/fastify-api-reference and served by
 * Loop itself (`/docs/js/scalar.js`), started by a script file of ours (`/docs/init.js`), reading
 * `/openapi.json`. No inline script, no CDN, no web fonts, no telemetry.
 */
export const API_REFERENCE_SCRIPT = '/docs/js/scalar.js';
export const API_REFERENCE_INIT = '/docs/init.js';

/** What Scalar is told: the document's URL and nothing that reaches outside this origin. */
const CONFIGURATION = {
  url: '/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  agent: { disabled: true },
};

/**
 * Zod (inside the renderer) probes `Function('')` to decide whether to compile its validators; under our CSP
 * that probe is blocked and reported as a violation. `jitless` tells it not to probe: the same outcome (no
 * compiled code), without the report. So this script runs before the renderer's (Zod picks the object up
 * when it loads) and starts the renderer once the document is parsed, when both scripts have run.
 */
export const apiReferenceInitScript = `(globalThis.__zod_globalConfig ??= {}).jitless = true;
document.addEventListener('DOMContentLoaded', () => {
  Scalar.createApiReference('#app', ${JSON.stringify(CONFIGURATION)});
});
`;

export function renderApiReferencePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Loop API reference</title>
<link rel="icon" href="data:,">
</head>
<body>
<div id="app"></div>
<script src="${API_REFERENCE_INIT}"></script>
<script src="${API_REFERENCE_SCRIPT}"></script>
</body>
</html>
`;
}
