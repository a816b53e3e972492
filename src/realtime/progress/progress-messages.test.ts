import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseClientMessage, stateMessage } from './progress-messages.ts';

const reasonOf = (raw: string) => {
  const parsed = parseClientMessage(raw);
  assert.equal(parsed.ok, false, `expected ${raw} to be refused`);
  return parsed.ok ? '' : parsed.reason;
};

void describe('progress websocket frames', () => {
  void it('refuses what is not a JSON object as malformed', () => {
    for (const raw of ['not json', '{', '[]', '"hello"', '42', 'null'])
      assert.equal(reasonOf(raw), 'Malformed message.');
  });

  void it('refuses unknown or missing message types', () => {
    assert.equal(reasonOf('{"messageType":"dance"}'), 'Unknown messageType');
    assert.equal(reasonOf('{}'), 'Unknown messageType');
  });

  void it('names the missing hello parameters', () => {
    assert.equal(reasonOf('{"messageType":"hello"}'), 'Missing parameters: callId, auth');
    assert.equal(reasonOf('{"messageType":"hello","callId":"abc"}'), 'Missing parameters: auth');
    assert.equal(reasonOf('{"messageType":"hello","auth":"abc","callId":""}'), 'Missing parameters: callId');
  });

  void it('checks action events and terminate reasons', () => {
    assert.equal(reasonOf('{"messageType":"action"}'), 'Missing parameters: event');
    assert.equal(
      reasonOf('{"messageType":"action","event":"dance"}'),
      'dance state is invalid. Should be one of: accept, media-up, terminate',
    );
    for (const reason of ['not ok', 'é', 'a'.repeat(65), 42, '']) {
      assert.equal(
        reasonOf(JSON.stringify({ messageType: 'action', event: 'terminate', reason })),
        'Invalid reason: should be alphanumeric',
      );
    }
    assert.deepEqual(parseClientMessage('{"messageType":"action","event":"terminate","reason":"answered-elsewhere"}'), {
      ok: true,
      message: { messageType: 'action', event: 'terminate', reason: 'answered-elsewhere' },
    });
    assert.deepEqual(parseClientMessage('{"messageType":"action","event":"terminate"}'), {
      ok: true,
      message: { messageType: 'action', event: 'terminate', reason: null },
    });
  });

  void it('echoes anything', () => {
    assert.deepEqual(parseClientMessage('{"messageType":"echo","echo":{"a":[1]}}'), {
      ok: true,
      message: { messageType: 'echo', echo: { a: [1] } },
    });
  });

  void it('shows half-initiated as init and a reason only with terminated', () => {
    assert.deepEqual(stateMessage('hello', 'half-initiated', null), { messageType: 'hello', state: 'init' });
    assert.deepEqual(stateMessage('progress', 'terminated', 'busy'), {
      messageType: 'progress',
      state: 'terminated',
      reason: 'busy',
    });
    assert.deepEqual(stateMessage('progress', 'terminated', null), { messageType: 'progress', state: 'terminated' });
    assert.deepEqual(stateMessage('progress', 'alerting', 'stale'), { messageType: 'progress', state: 'alerting' });
  });
});
