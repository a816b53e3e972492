/**
 * Vectors come from outside this module: the reference `hawk` package (its client signs, its server
 * is the oracle for differential checks) and the examples published in the Hawk README.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  hawkNormalizedString,
  hawkPayloadHash,
  hawkNonce,
  parseHawkHeader,
  serverAuthorizationHeader,
  verifyHawkRequest,
  type HawkArtifacts,
  type HawkFailure,
  type HawkRequestInput,
  type HawkSuccess,
} from './hawk.ts';
import { deriveHawkCredentials } from './session-token.ts';

import { Hawk, type RefBoom, type RefClientOptions, type RefCredentials } from '../../tools/hawk-reference.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures

const NOW_MS = Date.UTC(2026, 0, 1, 12, 0, 0);
const NOW_SEC = NOW_MS / 1000;
const CREDS: RefCredentials = {
  id: 'dh37fgj492je',
  key: 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn',
  algorithm: 'sha256',
};
const OTHER: RefCredentials = { id: 'other-user', key: 'a-completely-different-key', algorithm: 'sha256' };
const HOST = 'loop.example.com';
const PORT = 8443;
const PATH = '/calls?version=200';

const lookups: string[] = [];
async function lookup(id: string): Promise<{ key: string; user: string } | null> {
  lookups.push(id);
  const found = [CREDS, OTHER].find((c) => c.id === id);
  return found ? { key: found.key, user: `user-of-${id}` } : null;
}

/** A header signed by the reference client for `method https://HOST:PORT/path`. */
function sign(method: string, path = PATH, options: Partial<RefClientOptions> = {}): string {
  return Hawk.client.header(`https://${HOST}:${PORT}${path}`, method, {
    credentials: CREDS,
    timestamp: NOW_SEC,
    nonce: 'Ygvqdz',
    ...options,
  }).header;
}

function verify(header: string | undefined, overrides: Partial<HawkRequestInput<{ key: string }>> = {}) {
  return verifyHawkRequest<{ key: string }>({
    header,
    method: 'GET',
    url: PATH,
    host: HOST,
    port: PORT,
    credentialsLookup: lookup,
    nowMs: NOW_MS,
    ...overrides,
  });
}

function assertOk<C extends { key: string }>(result: HawkSuccess<C> | HawkFailure): HawkSuccess<C> {
  if (!result.ok) assert.fail(`expected success, got ${result.reason}: ${result.message}`);
  return result;
}

function assertFailure(
  result: HawkSuccess<{ key: string }> | HawkFailure,
  reason: HawkFailure['reason'],
  message?: string,
): HawkFailure {
  if (result.ok) assert.fail(`expected ${reason}, got success`);
  assert.equal(result.reason, reason);
  if (message !== undefined) assert.equal(result.message, message);
  return result;
}

/** Flips one base64 character in the mac attribute. */
function tamperMac(header: string): string {
  return header.replace(/mac="(.)/, (_m, first: string) => `mac="${first === 'A' ? 'B' : 'A'}`);
}

// ---------------------------------------------------------------------------------------------

await test('parseHawkHeader', async (t) => {
  await t.test('returns the attributes of a reference client header', () => {
    const header = sign('POST', PATH, {
      payload: '{}',
      contentType: 'application/json',
      ext: 'x y',
      app: 'a1',
      dlg: 'd1',
    });
    const parsed = parseHawkHeader(header);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.attributes, Hawk.utils.parseAuthorizationHeader(header));
    assert.equal(parsed.attributes.id, CREDS.id);
    assert.equal(parsed.attributes.ts, String(NOW_SEC));
  });

  await t.test('reports a missing header as missing', () => {
    assert.deepEqual(parseHawkHeader(undefined), { ok: false, reason: 'missing', message: 'Missing authentication' });
    assert.equal(parseHawkHeader('').ok, false);
  });

  await t.test('reports another scheme as bad-scheme, and accepts any case of "Hawk"', () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer abc', 'Hawkish id="a"', 'Digest']) {
      const parsed = parseHawkHeader(header);
      assert.equal(parsed.ok ? 'ok' : parsed.reason, 'bad-scheme', header);
    }
    assert.ok(parseHawkHeader('hAWK id="a", ts="1", nonce="n", mac="m"').ok);
  });

  const malformed: Array<[string, string]> = [
    ['Hawk', 'Invalid header syntax'],
    ['Hawk   ', 'Invalid header syntax'],
    [' Hawk id="a"', 'Invalid header syntax'],
    ['Hawk id="a", ts="1",\nnonce="n", mac="m"', 'Invalid header syntax'],
    ['Hawk id="a"', 'Missing attributes'],
    ['Hawk id="a", ts="1", nonce="n"', 'Missing attributes'],
    ['Hawk id="a", ts="1", nonce="n", mac="m", user="x"', 'Unknown attribute: user'],
    ['Hawk id="a", id="b", ts="1", nonce="n", mac="m"', 'Duplicate attribute: id'],
    ['Hawk id="", ts="1", nonce="n", mac="m"', 'Bad attribute value: id'],
    ['Hawk id="a", ts="1", nonce="n", mac="m", ext="tab\there"', 'Bad attribute value: ext'],
    ['Hawk id="a", ts="1", nonce="n", mac="m", ext="é"', 'Bad attribute value: ext'],
    ['Hawk id="a\\"b", ts="1", nonce="n", mac="m"', 'Bad header format'],
    ['Hawk id=a, ts="1", nonce="n", mac="m"', 'Bad header format'],
    ['Hawk id="a" ts="1" nonce="n" mac="m"', 'Bad header format'],
    ['Hawk id="a",, ts="1", nonce="n", mac="m"', 'Bad header format'],
    ['Hawk id="a", ts="1", nonce="n", mac="m" trailing', 'Bad header format'],
    ['Hawk junk id="a", ts="1", nonce="n", mac="m"', 'Bad header format'],
    [`Hawk id="${'a'.repeat(5000)}", ts="1", nonce="n", mac="m"`, 'Header length too long'],
  ];
  for (const [header, message] of malformed) {
    await t.test(`rejects ${JSON.stringify(header.slice(0, 60))} with "${message}" like the reference`, () => {
      assert.deepEqual(parseHawkHeader(header), { ok: false, reason: 'bad-header', message });
      assert.deepEqual(referenceParse(header), { ok: false, message });
    });
  }

  await t.test('agrees with the reference parser on 3000 mutated headers', () => {
    const base = sign('GET', PATH, { ext: 'some-app-ext-data', app: 'app1', dlg: 'dlg1' });
    const alphabet = ['"', '\\', ',', ' ', '=', '\n', '\t', 'a', 'Z', '0', '_', '-', 'é', 'id', 'ts', 'mac', 'x="1"'];
    const random = seededRandom(20260101);
    for (let i = 0; i < 3000; i++) {
      let header = base;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (header.length + 1));
        const piece = alphabet[Math.floor(random() * alphabet.length)] ?? '';
        const mode = Math.floor(random() * 3);
        header =
          mode === 0
            ? header.slice(0, at) + piece + header.slice(at)
            : mode === 1
              ? header.slice(0, at) + header.slice(at + 1)
              : header.slice(0, at) + piece + header.slice(at + 1);
      }
      const ours = parseHawkHeader(header);
      const theirs = referenceParse(header);
      const oursComparable = ours.ok
        ? { ok: true, attributes: { ...ours.attributes } }
        : { ok: false, message: ours.reason === 'bad-header' ? ours.message : 'MISSING' };
      assert.deepEqual(oursComparable, theirs, JSON.stringify(header));
    }
  });
});

await test('verifyHawkRequest: accepted requests', async (t) => {
  await t.test(
    'accepts a GET signed by the reference client and returns the lookup result as credentials',
    async () => {
      lookups.length = 0;
      const result = assertOk(await verify(sign('GET')));
      assert.equal(result.id, CREDS.id);
      assert.deepEqual(result.credentials, { key: CREDS.key, user: `user-of-${CREDS.id}` });
      assert.deepEqual(lookups, [CREDS.id]);
      assert.equal(result.artifacts.resource, PATH);
      assert.equal(result.artifacts.nonce, 'Ygvqdz');
      assert.equal(result.artifacts.ts, String(NOW_SEC));
    },
  );

  await t.test('accepts the published Hawk README examples (GET, and POST with a payload hash)', async () => {
    const key = 'werxhqb98rpaxn39848xrunpaw3489ruxnpa98w4rxn';
    const common = {
      url: '/resource/1?b=1&a=2',
      host: 'example.com',
      port: 8000,
      credentialsLookup: async (id: string) => (id === 'dh37fgj492je' ? { key } : null),
      nowMs: 1353832234000,
    };
    assertOk(
      await verifyHawkRequest({
        ...common,
        method: 'GET',
        header:
          'Hawk id="dh37fgj492je", ts="1353832234", nonce="j4h3g2", ext="some-app-ext-data", mac="6R4rV5iE+NPoym+WwjeHzjAGXUtLNIxmo1vpMofpLAE="',
      }),
    );
    assert.equal(
      hawkPayloadHash('text/plain', 'Thank you for flying Hawk'),
      'Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=',
    );
    assertOk(
      await verifyHawkRequest({
        ...common,
        method: 'POST',
        header:
          'Hawk id="dh37fgj492je", ts="1353832234", nonce="j4h3g2", hash="Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=", ext="some-app-ext-data", mac="aSe1DERmZuRl3pI36/9BdZmnErTw3sNzOOAUlfeKjVw="',
        payload: { contentType: 'text/plain', body: 'Thank you for flying Hawk' },
      }),
    );
  });

  await t.test('accepts credentials derived from a Loop session token', async () => {
    const creds = deriveHawkCredentials('a0'.repeat(32));
    const header = Hawk.client.header(`https://${HOST}:${PORT}/registration`, 'POST', {
      credentials: { ...creds, algorithm: 'sha256' },
      timestamp: NOW_SEC,
      payload: '{"simplePushURL":"https://push.example.com/x"}',
      contentType: 'application/json',
    }).header;
    const result = await verifyHawkRequest({
      header,
      method: 'POST',
      url: '/registration',
      host: HOST,
      port: PORT,
      credentialsLookup: async (id) => (id === creds.id ? { key: creds.key } : null),
      nowMs: NOW_MS,
      payload: { contentType: 'application/json', body: '{"simplePushURL":"https://push.example.com/x"}' },
    });
    assert.equal(assertOk(result).id, creds.id);
  });

  await t.test('verifies a payload hash regardless of content-type parameters and case', async () => {
    const body = '{"callerId":"alice","expiresIn":5}';
    const header = sign('POST', '/call-url', { payload: body, contentType: 'application/json' });
    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON ;charset=UTF-8',
    ]) {
      assertOk(await verify(header, { method: 'POST', url: '/call-url', payload: { contentType, body } }));
    }
    // A Buffer body (raw bytes as received) hashes the same as its UTF-8 string.
    assertOk(
      await verify(header, {
        method: 'POST',
        url: '/call-url',
        payload: { contentType: 'application/json', body: Buffer.from(body) },
      }),
    );
  });

  await t.test('accepts ext, app and dlg, which are inside the MAC', async () => {
    assertOk(await verify(sign('GET', PATH, { ext: 'some-app-ext-data' })));
    assertOk(await verify(sign('GET', PATH, { app: 'app-id', dlg: 'dlg-id' })));
    assertOk(await verify(sign('GET', PATH, { app: 'app-id' })));
  });

  await t.test('compares host case-insensitively and method case-insensitively, as Hawk normalizes both', async () => {
    assertOk(await verify(sign('get'), { host: 'LOOP.Example.com', method: 'GET' }));
  });

  await t.test('takes the path and query exactly as received (trailing "?" included)', async () => {
    assertOk(await verify(sign('GET', '/rooms?'), { url: '/rooms?' }));
    assertOk(await verify(sign('GET', '/a%2Fb?x=%20'), { url: '/a%2Fb?x=%20' }));
  });

  await t.test('accepts a timestamp exactly at the skew limit either way, and honours a custom skew', async () => {
    assertOk(await verify(sign('GET', PATH, { timestamp: NOW_SEC - 60 })));
    assertOk(await verify(sign('GET', PATH, { timestamp: NOW_SEC + 60 })));
    assertOk(await verify(sign('GET', PATH, { timestamp: NOW_SEC - 300 }), { skewSec: 300 }));
  });

  await t.test('ignores a sent hash when the request has no body (nothing for it to protect)', async () => {
    assertOk(await verify(sign('GET', PATH, { payload: 'not sent', contentType: 'text/plain' })));
  });

  await t.test('accepts a body without a hash unless a hash is required', async () => {
    const header = sign('POST');
    const payload = { contentType: 'application/json', body: '{}' };
    assertOk(await verify(header, { method: 'POST', payload }));
    assertFailure(
      await verify(header, { method: 'POST', payload, requirePayloadHash: true }),
      'missing-payload-hash',
      'Missing required payload hash',
    );
  });
});

await test('verifyHawkRequest: rejected requests', async (t) => {
  await t.test('rejects a tampered mac', async () => {
    const failure = assertFailure(await verify(tamperMac(sign('GET'))), 'bad-mac', 'Bad mac');
    assert.equal(failure.wwwAuthenticate, 'Hawk error="Bad mac"');
  });

  await t.test('rejects a request replayed against another method, path, query, host or port', async () => {
    const header = sign('GET');
    const elsewhere: Array<Partial<HawkRequestInput<{ key: string }>>> = [
      { method: 'DELETE' },
      { url: '/calls/other?version=200' },
      { url: '/calls?version=201' },
      { url: '/calls?version=200&x=1' },
      { host: 'evil.example.com' },
      { port: 443 },
    ];
    for (const overrides of elsewhere) {
      assertFailure(await verify(header, overrides), 'bad-mac', 'Bad mac');
    }
  });

  await t.test('rejects a header signed with another key for the same id', async () => {
    const header = Hawk.client.header(`https://${HOST}:${PORT}${PATH}`, 'GET', {
      credentials: { ...OTHER, id: CREDS.id },
      timestamp: NOW_SEC,
    }).header;
    assertFailure(await verify(header), 'bad-mac');
  });

  await t.test('rejects an unknown id after looking it up', async () => {
    lookups.length = 0;
    const header = Hawk.client.header(`https://${HOST}:${PORT}${PATH}`, 'GET', {
      credentials: { ...CREDS, id: 'nobody' },
      timestamp: NOW_SEC,
    }).header;
    const failure = assertFailure(await verify(header), 'unknown-credentials', 'Unknown credentials');
    assert.equal(failure.wwwAuthenticate, 'Hawk error="Unknown credentials"');
    assert.deepEqual(lookups, ['nobody']);
  });

  for (const offset of [-61, 61, -3600]) {
    await t.test(`rejects a timestamp ${offset}s off with a tsm the reference client validates`, async () => {
      const failure = assertFailure(
        await verify(sign('GET', PATH, { timestamp: NOW_SEC + offset })),
        'stale',
        'Stale timestamp',
      );
      const tsm = Hawk.crypto.calculateTsMac(NOW_SEC, CREDS);
      assert.equal(failure.wwwAuthenticate, `Hawk ts="${NOW_SEC}", tsm="${tsm}", error="Stale timestamp"`);
      // The reference client parses the challenge and checks tsm against its own key; a wrong key fails.
      const { artifacts } = Hawk.client.header(`https://${HOST}:${PORT}${PATH}`, 'GET', { credentials: CREDS });
      const res = { headers: { 'www-authenticate': failure.wwwAuthenticate } };
      assert.doesNotThrow(() => Hawk.client.authenticate(res, CREDS, artifacts));
      assert.throws(() => Hawk.client.authenticate(res, OTHER, artifacts), /Invalid server timestamp hash/);
    });
  }

  await t.test('uses whole seconds of now for the stale challenge', async () => {
    const failure = assertFailure(
      await verify(sign('GET', PATH, { timestamp: NOW_SEC - 500 }), { nowMs: NOW_MS + 999 }),
      'stale',
    );
    assert.match(failure.wwwAuthenticate, new RegExp(`^Hawk ts="${NOW_SEC}", `));
  });

  await t.test('treats a non-numeric timestamp as stale (the reference would accept it)', async () => {
    assertFailure(await verify(sign('GET', PATH, { timestamp: 'soon' })), 'stale');
  });

  await t.test('checks the MAC before the timestamp, so a forged stale request learns nothing', async () => {
    assertFailure(await verify(tamperMac(sign('GET', PATH, { timestamp: NOW_SEC - 1000 }))), 'bad-mac');
  });

  await t.test('rejects a body that does not match the sent hash', async () => {
    const header = sign('POST', PATH, { payload: '{"expiresIn":5}', contentType: 'application/json' });
    const failure = assertFailure(
      await verify(header, { method: 'POST', payload: { contentType: 'application/json', body: '{"expiresIn":500}' } }),
      'bad-payload-hash',
      'Bad payload hash',
    );
    assert.equal(failure.wwwAuthenticate, 'Hawk error="Bad payload hash"');
    assertFailure(
      await verify(header, { method: 'POST', payload: { contentType: 'text/plain', body: '{"expiresIn":5}' } }),
      'bad-payload-hash',
    );
  });

  await t.test('rejects malformed headers without looking up credentials', async () => {
    lookups.length = 0;
    const cases: Array<[string, string]> = [
      ['Hawk', 'Invalid header syntax'],
      ['Hawk id="a"', 'Missing attributes'],
      [`${sign('GET')}, user="root"`, 'Unknown attribute: user'],
      [`${sign('GET')}, id="${CREDS.id}"`, 'Duplicate attribute: id'],
      [sign('GET').replace(/", /g, '" '), 'Bad header format'],
    ];
    for (const [header, message] of cases) {
      const failure = assertFailure(await verify(header), 'bad-header', message);
      assert.equal(failure.wwwAuthenticate, `Hawk error="${message}"`);
    }
    assert.deepEqual(lookups, []);
  });

  await t.test('answers a missing header or another scheme with a bare Hawk challenge', async () => {
    const missing = assertFailure(await verify(undefined), 'missing', 'Missing authentication');
    assert.equal(missing.wwwAuthenticate, 'Hawk');
    const other = assertFailure(await verify('Basic dXNlcjpwYXNz'), 'unsupported');
    assert.equal(other.wwwAuthenticate, 'Hawk');
  });

  await t.test('lets a failing credentials lookup reject, and refuses keyless credentials', async () => {
    await assert.rejects(
      verify(sign('GET'), { credentialsLookup: async () => Promise.reject(new Error('db down')) }),
      /db down/,
    );
    await assert.rejects(
      verify(sign('GET'), { credentialsLookup: async () => ({ key: '', user: 'u' }) }),
      /without a key/,
    );
  });
});

await test('verifyHawkRequest agrees with the reference server', async (t) => {
  // The reference server reads its own clock; pin it to ours for this suite.
  Hawk.utils.setTimeFunction(() => NOW_MS);
  t.after(() => Hawk.utils.setTimeFunction(() => Date.now()));

  const body = '{"roomName":"UX Discussion"}';
  const scenarios: Array<{
    name: string;
    header: () => string | undefined;
    method?: string;
    url?: string;
    port?: number;
    body?: string;
  }> = [
    { name: 'valid GET', header: () => sign('GET') },
    {
      name: 'valid POST with hash',
      header: () => sign('POST', PATH, { payload: body, contentType: 'application/json' }),
      method: 'POST',
      body,
    },
    { name: 'POST without hash', header: () => sign('POST'), method: 'POST', body },
    {
      name: 'tampered body',
      header: () => sign('POST', PATH, { payload: body, contentType: 'application/json' }),
      method: 'POST',
      body: `${body} `,
    },
    { name: 'wrong path', header: () => sign('GET', '/rooms'), url: '/rooms/x' },
    { name: 'wrong port', header: () => sign('GET'), port: 80 },
    { name: 'tampered mac', header: () => tamperMac(sign('GET')) },
    { name: 'stale', header: () => sign('GET', PATH, { timestamp: NOW_SEC - 61 }) },
    { name: 'future', header: () => sign('GET', PATH, { timestamp: NOW_SEC + 61 }) },
    {
      name: 'unknown id',
      header: () =>
        Hawk.client.header(`https://${HOST}:${PORT}${PATH}`, 'GET', {
          credentials: { ...CREDS, id: 'x' },
          timestamp: NOW_SEC,
        }).header,
    },
    { name: 'malformed', header: () => 'Hawk id="a", ts="1"' },
  ];

  for (const s of scenarios) {
    await t.test(s.name, async () => {
      const header = s.header();
      const request = { method: s.method ?? 'GET', url: s.url ?? PATH, host: HOST, port: s.port ?? PORT };
      const ours = await verify(header, {
        ...request,
        payload: s.body === undefined ? undefined : { contentType: 'application/json', body: s.body },
        requirePayloadHash: true, // the reference requires a hash whenever it is given a payload
      });
      let theirs: { ok: true } | { ok: false; message: string; wwwAuthenticate: string | undefined };
      try {
        await Hawk.server.authenticate(
          { ...request, authorization: header, contentType: 'application/json' },
          async (id) => [CREDS, OTHER].find((c) => c.id === id) ?? null,
          s.body === undefined ? {} : { payload: s.body },
        );
        theirs = { ok: true };
      } catch (err) {
        const boom = err as RefBoom;
        theirs = { ok: false, message: boom.message, wwwAuthenticate: boom.output.headers['WWW-Authenticate'] };
      }
      if (theirs.ok) {
        assertOk(ours);
        return;
      }
      if (ours.ok) assert.fail(`reference rejected (${theirs.message}) but we accepted`);
      assert.equal(ours.message, theirs.message);
      // The reference sends no challenge for a 400 (malformed header); elsewhere the challenges match.
      if (theirs.wwwAuthenticate !== undefined) assert.equal(ours.wwwAuthenticate, theirs.wwwAuthenticate);
    });
  }
});

await test('serverAuthorizationHeader', async (t) => {
  async function verifiedGet(): Promise<{ artifacts: HawkArtifacts; clientArtifacts: object }> {
    const signed = Hawk.client.header(`https://${HOST}:${PORT}${PATH}`, 'GET', {
      credentials: CREDS,
      timestamp: NOW_SEC,
      ext: 'request-ext',
      app: 'app-id',
    });
    const result = assertOk(await verify(signed.header));
    return { artifacts: result.artifacts, clientArtifacts: signed.artifacts };
  }

  await t.test('produces exactly what the reference server.header produces', async () => {
    const { artifacts } = await verifiedGet();
    assert.equal(serverAuthorizationHeader(artifacts, CREDS), Hawk.server.header(CREDS, artifacts));
    assert.equal(
      serverAuthorizationHeader(artifacts, CREDS, { ext: 'response-ext' }),
      Hawk.server.header(CREDS, artifacts, { ext: 'response-ext' }),
    );
    assert.match(serverAuthorizationHeader(artifacts, CREDS), /^Hawk mac="[A-Za-z0-9+/]{43}="$/);
  });

  await t.test('is accepted by the reference client, with and without ext', async () => {
    const { artifacts, clientArtifacts } = await verifiedGet();
    for (const opts of [{}, { ext: 'response-ext' }]) {
      const res = { headers: { 'server-authorization': serverAuthorizationHeader(artifacts, CREDS, opts) } };
      assert.doesNotThrow(() => Hawk.client.authenticate(res, CREDS, clientArtifacts, { required: true }));
    }
  });

  await t.test('leaves the request payload hash out of the response MAC, as the reference does', async () => {
    const body = '{"roomName":"x"}';
    const signed = Hawk.client.header(`https://${HOST}:${PORT}/rooms`, 'POST', {
      credentials: CREDS,
      timestamp: NOW_SEC,
      payload: body,
      contentType: 'application/json',
    });
    const payload = { contentType: 'application/json', body };
    const { artifacts } = assertOk(await verify(signed.header, { method: 'POST', url: '/rooms', payload }));
    assert.ok(artifacts.hash);
    const header = serverAuthorizationHeader(artifacts, CREDS);
    assert.equal(header, Hawk.server.header(CREDS, artifacts));
    const res = { headers: { 'server-authorization': header } };
    assert.doesNotThrow(() => Hawk.client.authenticate(res, CREDS, signed.artifacts, { required: true }));
  });

  await t.test('is rejected by the reference client when signed with another key', async () => {
    const { artifacts, clientArtifacts } = await verifiedGet();
    const res = { headers: { 'server-authorization': serverAuthorizationHeader(artifacts, OTHER) } };
    assert.throws(() => Hawk.client.authenticate(res, CREDS, clientArtifacts, { required: true }), /Bad response mac/);
  });

  await t.test('refuses an ext a Hawk attribute cannot carry', async () => {
    const { artifacts } = await verifiedGet();
    for (const ext of ['say "hi"', 'back\\slash', 'new\nline']) {
      assert.throws(() => serverAuthorizationHeader(artifacts, CREDS, { ext }), TypeError);
    }
  });
});

await test('normalized string, payload hash and nonce key', async (t) => {
  await t.test('builds the same normalized string as the reference', () => {
    const base = {
      ts: '1353832234',
      nonce: 'j4h3g2',
      method: 'post',
      resource: '/resource/1?b=1&a=2',
      host: 'Example.COM',
      port: 8000,
    };
    const variants = [
      base,
      { ...base, hash: 'Yi9LfIIFRtBEPt74PVmbTF/xVAwPn7ub15ePICfgnuY=' },
      { ...base, ext: 'line1\nline2 back\\slash "q"' },
      { ...base, app: 'app', dlg: 'dlg' },
      { ...base, app: 'app' },
      { ...base, dlg: 'ignored-without-app' },
    ];
    for (const v of variants) {
      for (const type of ['header', 'response'] as const) {
        assert.equal(hawkNormalizedString(type, v), Hawk.crypto.generateNormalizedString(type, v));
      }
    }
  });

  await t.test('hashes payloads like the reference', () => {
    for (const [body, contentType] of [
      ['', ''],
      ['{"a":1}', 'application/json; charset=utf-8'],
      ['héllo ☃', 'TEXT/Plain'],
    ] as const) {
      assert.equal(hawkPayloadHash(contentType, body), Hawk.crypto.calculatePayloadHash(body, 'sha256', contentType));
    }
  });

  await t.test('keys replays by ts and nonce (the caller scopes them to the session)', async () => {
    const { artifacts } = assertOk(await verify(sign('GET')));
    assert.equal(hawkNonce(artifacts), `${NOW_SEC}:Ygvqdz`);
    const again = assertOk(await verify(sign('GET', PATH, { nonce: 'other' })));
    assert.notEqual(hawkNonce(again.artifacts), hawkNonce(artifacts));
  });

  await t.test('refuses a timestamp before minTimestampMs as stale, with ts and tsm to resynchronise', async () => {
    const floorMs = NOW_SEC * 1000 + 1;
    const result = await verify(sign('GET'), { minTimestampMs: floorMs });
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.reason === 'stale');
    assert.match(result.wwwAuthenticate, /ts="\d+", tsm="[^"]+", error="Stale timestamp"/);
    assertOk(await verify(sign('GET'), { minTimestampMs: NOW_SEC * 1000 }));
  });
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** The reference parser plus authenticate()'s required-attribute check, as a comparable value. */
function referenceParse(
  header: string | undefined,
): { ok: true; attributes: Record<string, string> } | { ok: false; message: string } {
  try {
    const attributes = Hawk.utils.parseAuthorizationHeader(header);
    if (!attributes.id || !attributes.ts || !attributes.nonce || !attributes.mac) {
      return { ok: false, message: 'Missing attributes' };
    }
    return { ok: true, attributes: { ...attributes } };
  } catch (err) {
    const boom = err as RefBoom;
    return { ok: false, message: boom.isMissing ? 'MISSING' : boom.message };
  }
}

/** mulberry32: a tiny deterministic PRNG so the mutation test is reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
