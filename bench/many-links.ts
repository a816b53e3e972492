/**
 * The link check over many distinct links (`--links N`): with one hot link a cache measures only itself; here
 * each request takes the next of N links, round robin across all connections, so every link is read in turn.
 */
import { LoopClient } from '../tools/loop-client.ts';
import type { Request } from './hawk-request.ts';

/** Creates `count` links for `owner` (a registered client), a few at a time. */
export async function createLinks(owner: LoopClient, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const batch = 32;
  for (let start = 0; start < count; start += batch) {
    const created = await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, () =>
        owner.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'Alice' } }),
      ),
    );
    for (const response of created) {
      if (response.status !== 200) throw new Error(`POST /call-url answered ${response.status}: ${response.text}`);
      tokens.push(response.body.callToken);
    }
  }
  return tokens;
}

/** `GET /calls/{token}`, each request on the next token. */
export function linkChecks(tokens: readonly string[]): Request {
  let next = 0;
  return {
    method: 'GET',
    path: `/calls/${tokens[0]}`,
    setupRequest: (request) => ({ ...request, path: `/calls/${tokens[next++ % tokens.length]}` }),
  };
}
