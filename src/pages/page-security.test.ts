import assert from 'node:assert/strict';
import { it } from 'node:test';
import { contentSecurityPolicy, mediaConnectOrigins } from './page-security.ts';

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

void it('the room page may also connect to the configured Janus and LiveKit, and nothing else', () => {
  const none: Parameters<typeof mediaConnectOrigins>[0] = {
    provider: 'builtin',
    sfuProvider: null,
    janusUrl: '',
    janusAdminUrl: '',
    janusPublicUrl: '',
    janusInstances: {},
    livekitUrl: '',
  };
  assert.deepEqual(mediaConnectOrigins(none), []);
  assert.deepEqual(
    mediaConnectOrigins({ ...none, sfuProvider: 'janus', janusUrl: 'http://10.0.0.2:8088/janus', janusPublicUrl: '' }),
    ['http://10.0.0.2:8088'],
  );
  assert.deepEqual(
    mediaConnectOrigins({
      ...none,
      provider: 'livekit',
      sfuProvider: 'janus',
      janusUrl: 'http://127.0.0.1:8088/janus',
      janusPublicUrl: 'https://janus.example/janus',
      livekitUrl: 'https://lk.example',
    }),
    ['https://janus.example', 'wss://lk.example', 'https://lk.example'],
  );
  // Several Janus servers: each one's public origin, once.
  assert.deepEqual(
    mediaConnectOrigins({
      ...none,
      provider: 'janus',
      janusUrl: 'http://10.0.0.2:8088/janus',
      janusInstances: {
        b: { url: 'http://10.0.0.3:8088/janus', adminUrl: 'http://10.0.0.3:7088/admin', publicUrl: '' },
        c: {
          url: 'http://10.0.0.4:8088/janus',
          adminUrl: 'http://10.0.0.4:7088/admin',
          publicUrl: 'https://j.example',
        },
        d: {
          url: 'http://10.0.0.5:8088/janus',
          adminUrl: 'http://10.0.0.5:7088/admin',
          publicUrl: 'https://j.example',
        },
      },
    }),
    ['http://10.0.0.2:8088', 'http://10.0.0.3:8088', 'https://j.example'],
  );
  assert.deepEqual(mediaConnectOrigins({ ...none, provider: 'opentok' }), [
    'https://*.opentok.com',
    'https://*.tokbox.com',
    'wss://*.tokbox.com',
    'wss://*.opentok.com',
  ]);
  assert.match(
    contentSecurityPolicy('https://loop.example', { connectOrigins: ['https://janus.example'] }),
    /connect-src 'self' wss:\/\/loop\.example https:\/\/janus\.example;/,
  );
});
