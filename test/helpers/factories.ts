/**
 * Valid records with a distinct value in every field, so a test that mixes two columns up fails.
 * Times default to "live for an hour from the given clock"; pass overrides for anything a test is about.
 */
import { initialProgress } from '../../src/calls/call-state.ts';
import { nowSec, type Clock } from '../../src/clock.ts';
import type { CallRecord } from '../../src/calls/call-record.ts';
import type { CallUrlRecord } from '../../src/call-urls/call-url-record.ts';
import type { SessionRecord } from '../../src/auth/session-record.ts';
import { ManualClock } from './manual-clock.ts';

const ONE_HOUR_MS = 60 * 60 * 1000;
const ONE_HOUR_SEC = 60 * 60;

let sequence = 0;
/** Unique within the test process, so records made by different tests never collide. */
function nextSequence(): number {
  sequence += 1;
  return sequence;
}

export function aSession(overrides: Partial<SessionRecord> = {}, clock: Clock = new ManualClock()): SessionRecord {
  const n = nextSequence();
  const now = clock.now();
  return {
    hawkIdHmac: `hawk-id-hmac-${n}`,
    authKey: `auth-key-${n}`,
    userMac: null,
    encryptedIdentity: null,
    createdAt: now,
    expiresAt: now + ONE_HOUR_MS,
    ...overrides,
  };
}

/** An 11-character base64url token, like the real ones. */
function aToken(n: number): string {
  return `tok${String(n).padStart(8, '0')}`;
}

export function aCallUrl(overrides: Partial<CallUrlRecord> = {}, clock: Clock = new ManualClock()): CallUrlRecord {
  const n = nextSequence();
  const now = nowSec(clock);
  return {
    token: aToken(n),
    user: `user-${n}`,
    callerId: `caller-${n}`,
    issuer: `Issuer ${n}`,
    subject: null,
    timestampSec: now,
    expiresSec: now + ONE_HOUR_SEC,
    ...overrides,
  };
}

/** A direct (not link) call in state 'init'; override callToken/urlCreationDateSec for a link call. */
export function aCall(overrides: Partial<CallRecord> = {}, clock: Clock = new ManualClock()): CallRecord {
  const n = nextSequence();
  return {
    callId: n.toString(16).padStart(32, '0'),
    user: `user-${n}`,
    callType: 'audio-video',
    subject: null,
    timestampSec: nowSec(clock),
    callerId: `caller-${n}`,
    calleeFriendlyName: `Callee ${n}`,
    provider: `provider-${n}`,
    apiKey: `api-key-${n}`,
    sessionId: `session-${n}`,
    calleeToken: `callee-token-${n}`,
    wsCallerToken: `ws-caller-token-${n}`,
    wsCalleeToken: `ws-callee-token-${n}`,
    callToken: null,
    urlCreationDateSec: null,
    ...initialProgress(),
    version: 0,
    expiresAt: clock.now() + ONE_HOUR_MS,
    ...overrides,
  };
}
