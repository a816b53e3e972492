/**
 * A progress-websocket client for tests: the queued socket of json-socket.ts plus the progress
 * protocol's `hello` and `action` frames, and a call brought to alerting that way.
 */
import assert from 'node:assert/strict';
import { startLinkCall, type LinkCall } from './calls.ts';
import { openWebSocket, QueuedSocket } from './json-socket.ts';

export interface Frame {
  messageType: string;
  state?: string;
  reason?: string;
  echo?: unknown;
}

export class ProgressClient extends QueuedSocket<Frame> {
  static async open(progressUrl: string): Promise<ProgressClient> {
    return new ProgressClient(await openWebSocket(progressUrl));
  }

  async hello(callId: string, auth: string): Promise<Frame> {
    this.send({ messageType: 'hello', callId, auth });
    return this.next();
  }

  action(event: string, reason?: string): void {
    this.send({ messageType: 'action', event, ...(reason !== undefined ? { reason } : {}) });
  }
}

/** A link call whose caller and callee both said hello on their own sockets: the call is alerting. */
export async function alertingCall(
  baseUrl: string,
): Promise<{ call: LinkCall; caller: ProgressClient; callee: ProgressClient }> {
  const call = await startLinkCall(baseUrl);
  const caller = await ProgressClient.open(call.progressURL);
  assert.deepEqual(await caller.hello(call.callId, call.callerToken), { messageType: 'hello', state: 'init' });
  const callee = await ProgressClient.open(call.progressURL);
  assert.deepEqual(await callee.hello(call.callId, call.calleeToken), { messageType: 'hello', state: 'init' });
  assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'alerting' });
  assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'alerting' });
  return { call, caller, callee };
}
