/**
 * Sets up a real call over the HTTP API: Bob gets a session and a link, Alice calls through it, Bob lists
 * the call. Returns what each side needs for the progress websocket.
 */
import assert from 'node:assert/strict';
import { LoopClient } from '../../tools/loop-client.ts';

export interface LinkCall {
  callId: string;
  callerToken: string;
  calleeToken: string;
  progressURL: string;
  timestampSec: number;
  bob: LoopClient;
  /** The whole answers: the caller's POST /calls/{token} and the callee's GET /calls item. */
  callerAnswer: Record<string, unknown>;
  calleeItem: Record<string, unknown>;
}

export async function bobWithLink(baseUrl: string): Promise<{ bob: LoopClient; callToken: string }> {
  const bob = new LoopClient(baseUrl);
  assert.equal((await bob.register()).status, 200);
  const { data: link } = await (await bob.api()).POST('/call-url', { body: { callerId: 'Alice', issuer: 'Bob' } });
  return { bob, callToken: link.callToken };
}

export async function startLinkCall(
  baseUrl: string,
  existing?: { bob: LoopClient; callToken: string },
): Promise<LinkCall> {
  const { bob, callToken } = existing ?? (await bobWithLink(baseUrl));
  const alice = new LoopClient(baseUrl);
  const { data: call } = await (
    await alice.api()
  ).POST('/calls/{token}', {
    params: { path: { token: callToken } },
    body: { callType: 'audio-video' },
  });
  const { data: listed } = await (await bob.api()).GET('/calls', { params: { query: { version: 0 } } });
  const mine = listed.calls.find((item) => item.callId === call.callId);
  assert.ok(mine, 'the callee lists the new call');
  return {
    callId: call.callId,
    callerToken: call.websocketToken,
    calleeToken: mine.websocketToken,
    progressURL: call.progressURL,
    timestampSec: Math.floor(Date.now() / 1000) - 1,
    bob,
    callerAnswer: call,
    calleeItem: mine,
  };
}

/** The callIds Bob's GET /calls still lists. */
export async function listedCallIds(bob: LoopClient): Promise<string[]> {
  const listed = await bob.request<{ calls: Array<{ callId: string }> }>('GET', '/calls?version=0');
  return listed.body.calls.map((item) => item.callId);
}
