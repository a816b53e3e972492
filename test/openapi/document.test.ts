/**
 * /openapi.json is valid OpenAPI 3.1 (a maintained validator says so) and complete: every route the app
 * serves is in it, and everything in it is served. The few routes left out are named below with why.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { operationsOf, type OpenApiDocument } from '../helpers/openapi-responses.ts';
import { signInEnv, startOidcProvider } from '../helpers/sign-in.ts';
import type { OidcProvider } from '../fakes/oidc-provider.ts';

/** Served but not in the document, each for a reason. */
const LEFT_OUT: Array<[test: (method: string, url: string) => boolean, reason: string]> = [
  [(method) => method === 'HEAD', 'Fastify answers HEAD for every GET'],
  [(method) => method === 'OPTIONS', 'CORS preflight, answered for every path'],
  [(_m, url) => url === '/v0' || url.startsWith('/v0/'), 'the historical prefix: the document says every route has it'],
  [(_m, url) => url === '/docs' || url.startsWith('/docs/'), 'the reference page itself and its scripts'],
  [(_m, url) => url.startsWith('/assets/'), "the web app's static bundles"],
];

void describe('the OpenAPI document', () => {
  let oidc: OidcProvider;
  let server: TestServer;
  let document: OpenApiDocument;

  before(async () => {
    oidc = await startOidcProvider();
    server = await startTestServer({ env: signInEnv(oidc) });
    const response = await fetch(`${server.url}/openapi.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    document = (await response.json()) as OpenApiDocument;
  });
  after(async () => {
    await server.close();
    await oidc.stop();
  });

  void it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as never);
    assert.equal(validator.version, '3.1');
    assert.deepEqual(result, { valid: true });
  });

  void it('documents every route the server serves, and only those', () => {
    const served = new Set<string>();
    for (const { method, url } of server.app.servedRoutes) {
      if (LEFT_OUT.some(([test]) => test(method, url))) continue;
      served.add(`${method.toLowerCase()} ${url.replace(/:(\w+)/g, '{$1}')}`);
    }
    const documented = new Set(operationsOf(document));
    assert.deepEqual([...served].filter((op) => !documented.has(op)).sort(), [], 'served but not documented');
    assert.deepEqual([...documented].filter((op) => !served.has(op)).sort(), [], 'documented but not served');
  });

  void it('describes the security schemes, the error object with every errno, and the websockets', async () => {
    const schemes = (document.components as { securitySchemes: Record<string, { scheme: string }> }).securitySchemes;
    assert.equal(schemes.hawk?.scheme, 'Hawk');
    assert.equal(schemes.basic?.scheme, 'basic');
    const { CATALOGUE } = await import('../../src/errors/catalogue.ts');
    const loopError = (
      document.components as { schemas: Record<string, { properties: { errno: { enum: number[] } } }> }
    ).schemas.LoopError;
    assert.deepEqual(
      loopError?.properties.errno.enum,
      CATALOGUE.map((entry) => entry.errno),
    );
    for (const path of ['/websocket', '/signalling', '/events']) {
      const operation = document.paths[path]?.get as unknown as { description?: string; responses: object };
      assert.ok(operation?.description && operation.description.length > 200, `${path} is described`);
      assert.ok('101' in operation.responses, `${path} answers 101`);
    }
  });
});
