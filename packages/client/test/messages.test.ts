/**
 * The SDK declares the websocket frames itself (it imports nothing from the server); this file does not
 * compile (`npm run typecheck`) when a frame the server sends no longer fits the SDK's type, or a frame the
 * SDK sends no longer fits what the server parses.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { CallState as ServerCallState } from '../../../src/calls/call-record.ts';
import type { ServerMessage, ClientMessage } from '../../../src/realtime/progress/progress-messages.ts';
import {
  USER_EVENTS_CLOSE_CODES as SERVER_CLOSE_CODES,
  type UserEventsClientMessage,
  type UserEventsServerMessage,
} from '../../../src/realtime/user-events/user-event-messages.ts';
import {
  USER_EVENTS_CLOSE_CODES,
  type CallState,
  type ProgressClientFrame,
  type ProgressServerFrame,
  type UserEventsClientFrame,
  type UserEventsServerFrame,
} from '../src/index.ts';

type Fits<A, B> = [A] extends [B] ? true : false;
const checks: Array<true> = [
  // `half-initiated` is internal: the server shows it as `init` (stateMessage), though its type allows it.
  true satisfies Fits<Exclude<ServerCallState, 'half-initiated'>, CallState>,
  true satisfies Fits<CallState, ServerCallState>,
  true satisfies Fits<Exclude<ServerMessage, { messageType: 'progress' }>, ProgressServerFrame>,
  true satisfies Fits<
    Exclude<ProgressClientFrame, { messageType: 'action' }>['messageType'],
    ClientMessage['messageType']
  >,
  true satisfies Fits<UserEventsServerMessage, UserEventsServerFrame>,
  true satisfies Fits<UserEventsClientFrame, UserEventsClientMessage>,
];

void it('declares the websocket frames and close codes the server uses', () => {
  assert.equal(checks.length, 6);
  assert.deepEqual(USER_EVENTS_CLOSE_CODES, { ...SERVER_CLOSE_CODES });
});
