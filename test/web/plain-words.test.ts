/**
 * Every errno and every websocket reason has its own plain sentence (web/shared/plain-words.ts), checked
 * against the server's own lists, so a new errno or reason cannot ship without one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGUE } from '../../src/errors/catalogue.ts';
import { ERROR_REASONS } from '../../src/realtime/progress/progress-messages.ts';
import { SIGNALLING_ERROR_REASONS } from '../../src/realtime/signalling/signalling-messages.ts';
import { USER_EVENTS_ERROR_REASONS } from '../../src/realtime/user-events/user-event-messages.ts';
import {
  apiErrorSentence,
  endedSentence,
  ERRNO_SENTENCES,
  EVENTS_ERROR_SENTENCES,
  MEDIA_SENTENCES,
  mediaProblemOf,
  PEER_LEFT_SENTENCES,
  progressErrorSentence,
  signallingErrorSentence,
} from '../../web/shared/plain-words.ts';

const plain = (sentence: string | undefined) => {
  assert.ok(sentence && /^[A-Z“].*[.…]$/.test(sentence), `not a sentence: ${sentence}`);
  assert.doesNotMatch(sentence, /errno|undefined|null|\{/);
};

void describe('plain sentences', () => {
  void it('one for every errno of the catalogue', () => {
    for (const entry of CATALOGUE) {
      plain(ERRNO_SENTENCES[entry.errno]);
      for (const status of entry.statuses) plain(apiErrorSentence({ status, errno: entry.errno }));
    }
    assert.equal(Object.keys(ERRNO_SENTENCES).length, CATALOGUE.length);
    assert.match(apiErrorSentence({ status: 404, errno: 105 }), /Ask the person who sent it for a new link/);
    assert.match(apiErrorSentence({ status: 0, errno: null }), /Cannot reach Loop/);
    assert.match(apiErrorSentence({ status: 429, errno: 999 }), /Wait a minute/);
  });

  void it('one for every progress websocket error, each different from the fallback', () => {
    const fallback = progressErrorSentence('something new');
    for (const reason of Object.values(ERROR_REASONS)) {
      plain(progressErrorSentence(reason));
      assert.notEqual(progressErrorSentence(reason), fallback, reason);
    }
    assert.match(progressErrorSentence('No transition from terminated state with accept event.'), /ended/);
  });

  void it('one for every signalling and user-events error reason, and each peer-left reason', () => {
    const fallback = signallingErrorSentence('something new');
    for (const reason of SIGNALLING_ERROR_REASONS) {
      plain(signallingErrorSentence(reason));
      assert.notEqual(signallingErrorSentence(reason), fallback, reason);
    }
    for (const reason of USER_EVENTS_ERROR_REASONS) plain(EVENTS_ERROR_SENTENCES[reason]);
    plain(PEER_LEFT_SENTENCES.bye);
    plain(PEER_LEFT_SENTENCES.disconnected);
  });

  void it('says why a call ended, to each side', () => {
    assert.match(endedSentence('rejected', 'caller'), /declined/);
    assert.match(endedSentence('reject', 'caller'), /declined/);
    assert.match(endedSentence('timeout', 'caller'), /No answer/);
    assert.match(endedSentence('timeout', 'caller', true), /could not connect/);
    assert.match(endedSentence('timeout', 'callee', true), /could not connect/);
    assert.match(endedSentence('cancel', 'callee'), /hung up before you answered/);
    assert.match(endedSentence('answered-elsewhere', 'callee'), /another device/);
    assert.equal(endedSentence('weird', 'caller'), 'The call has ended.');
    for (const side of ['caller', 'callee'] as const) {
      for (const reason of [
        'reject',
        'rejected',
        'busy',
        'timeout',
        'cancel',
        'closed',
        'answered-elsewhere',
        'media-fail',
        'user-unknown',
      ]) {
        assert.notEqual(endedSentence(reason, side), 'The call has ended.', `${side} ${reason}`);
      }
    }
  });

  void it('names camera and microphone problems from getUserMedia errors', () => {
    assert.equal(mediaProblemOf({ name: 'NotAllowedError' }), 'denied');
    assert.equal(mediaProblemOf({ name: 'NotFoundError' }), 'no-device');
    assert.equal(mediaProblemOf({ name: 'NotReadableError' }), 'busy');
    assert.equal(mediaProblemOf(new Error('x')), 'failed');
    for (const sentence of Object.values(MEDIA_SENTENCES)) plain(sentence);
    assert.match(MEDIA_SENTENCES.denied, /blocked/);
  });
});
