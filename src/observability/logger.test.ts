import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { loggerOptions, redactSecrets, redactUrl } from './logger.ts';

await test('secret-named fields are masked at any of the first levels, other objects are returned untouched', () => {
  const clean = { method: 'GET', status: 200, nested: { a: 1 } };
  assert.equal(redactSecrets(clean), clean, 'no copy when nothing is secret');
  const input = { sessionToken: 's', nested: { access_token: 't', keep: 1 }, list: [{ client_secret: 'c' }] };
  assert.deepEqual(redactSecrets(input), {
    sessionToken: '[redacted]',
    nested: { access_token: '[redacted]', keep: 1 },
    list: [{ client_secret: '[redacted]' }],
  });
  assert.equal(input.sessionToken, 's', "the caller's object is not modified");
});

await test('tokens in paths and query strings are masked', () => {
  assert.equal(redactUrl('/v0/calls/AbCdEfGhIjK?version=3'), '/v0/calls/[token]?version=3');
  assert.equal(redactUrl('/c/AbCdEfGhIjK'), '/c/[token]');
  const callId = 'a'.repeat(32);
  assert.equal(redactUrl(`/calls/id/${callId}/cancel`), '/calls/id/[token]/cancel');
  assert.equal(redactUrl(`/v0/rooms/${'r'.repeat(12)}`), '/v0/rooms/[token]');
  assert.equal(redactUrl('/unknown/anything-else'), '/[token]/[token]', 'what is not a route word is masked');
  assert.equal(redactUrl('/assets/caller.js?v=1'), '/assets/caller.js?v=1');
  assert.equal(redactUrl('/__heartbeat__'), '/__heartbeat__');
  assert.equal(redactUrl('/fxa-oauth/token?code=abc&state=def'), '/fxa-oauth/token?code=[redacted]&state=[redacted]');
});

await test('the server logger writes no secret', () => {
  let written = '';
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => ((written += chunk.toString()), done()) });
  const log = pino(loggerOptions('info'), sink);
  log.info({ call: { sessionToken: 'SECRET-1', callId: 'visible' }, authKey: 'SECRET-2' }, 'call created');
  assert.ok(!written.includes('SECRET'), written);
  assert.match(written, /visible/);
});
