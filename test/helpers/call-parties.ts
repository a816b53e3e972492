/** The two people of the call-link flow, for tests about what happens when Alice calls Bob's link. */
import { LoopClient, type LoopResponse } from '../../tools/loop-client.ts';

export interface CallerAnswer {
  callId: string;
  websocketToken: string;
  sessionId: string;
  sessionToken: string;
  apiKey: string;
  progressURL: string;
  provider: string;
  [extra: string]: unknown;
}
export interface CalleeItem extends CallerAnswer {
  callType: string;
  callerId: string;
}

/** Bob registers and makes a link for Alice. */
export async function bobWithLink(baseUrl: string): Promise<{ bob: LoopClient; callToken: string }> {
  const bob = new LoopClient(baseUrl);
  await bob.register();
  const created = await bob.request<{ callToken: string }>('POST', '/call-url', {
    body: { callerId: 'Alice', issuer: 'Bob' },
  });
  if (created.status !== 200) throw new Error(`cannot make a link: ${created.status} ${created.text}`);
  return { bob, callToken: created.body.callToken };
}

export async function aliceCalls(
  baseUrl: string,
  callToken: string,
  body: Record<string, unknown> = {},
): Promise<LoopResponse<CallerAnswer>> {
  return new LoopClient(baseUrl).request<CallerAnswer>('POST', `/calls/${callToken}`, {
    body: { callType: 'audio-video', ...body },
  });
}

/** Every call Bob can see (GET /calls?version=0, as his client does on start). */
export async function bobsCalls(bob: LoopClient): Promise<CalleeItem[]> {
  const listed = await bob.request<{ calls: CalleeItem[] }>('GET', '/calls?version=0');
  if (listed.status !== 200) throw new Error(`cannot list calls: ${listed.status} ${listed.text}`);
  return listed.body.calls;
}
