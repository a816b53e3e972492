import assert from 'node:assert/strict';
import { it } from 'node:test';
import { contentSecurityPolicy } from './page-security.ts';

void it('allows only Loop itself, and its websockets on the public host (wss behind https)', () => {
  const directives = new Map(
    contentSecurityPolicy('https://loop.example:8443/base')
      .split('; ')
      .map((d) => {
        const [name, ...values] = d.split(' ');
        return [name, values] as const;
      }),
  );
  assert.deepEqual(directives.get('default-src'), ["'self'"]);
  assert.deepEqual(directives.get('script-src'), ["'self'"]);
  assert.deepEqual(directives.get('style-src'), ["'self'"]);
  assert.deepEqual(directives.get('connect-src'), ["'self'", 'wss://loop.example:8443']);
  assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
  assert.deepEqual(directives.get('base-uri'), ["'none'"]);
  assert.deepEqual(directives.get('object-src'), ["'none'"]);
  assert.match(contentSecurityPolicy('http://127.0.0.1:5000'), /connect-src 'self' ws:\/\/127\.0\.0\.1:5000;/);
  assert.doesNotMatch(contentSecurityPolicy('http://127.0.0.1:5000'), /unsafe|\*/);
});
