/**
 * A Chromium whose every page creates its RTCPeerConnections with `iceTransportPolicy: 'relay'`: only TURN
 * relay candidates are gathered, so a call either goes through the TURN server or does not connect. The web
 * app creates its connections itself; an init script in each new context is the one place to force it.
 */
import type { Browser } from 'playwright-core';

function forceRelay(): void {
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super({ ...configuration, iceTransportPolicy: 'relay' });
    }
  };
}

/** `browser`, except that each context it makes runs `forceRelay` before any page script. */
export function relayOnly(browser: Browser): Browser {
  return new Proxy(browser, {
    get(target, property, receiver) {
      if (property !== 'newContext') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<Browser['newContext']>) => {
        const context = await target.newContext(...args);
        await context.addInitScript(forceRelay);
        return context;
      };
    },
  });
}

export interface SelectedPair {
  local: string;
  remote: string;
  localAddress: string;
}

/** The candidate types of the pair the page's call selected (getStats through `window.loopCallStats()`). */
export async function selectedCandidatePair(page: import('playwright-core').Page): Promise<SelectedPair | null> {
  return page.evaluate(async () => {
    const stats = await (window as unknown as { loopCallStats(): Promise<RTCStatsReport> | null }).loopCallStats();
    if (!stats) return null;
    const byId = new Map<string, Record<string, unknown>>();
    stats.forEach((report: Record<string, unknown>) => byId.set(String(report.id), report));
    const transport = [...byId.values()].find(
      (report) => report.type === 'transport' && report.selectedCandidatePairId,
    );
    const pair = transport ? byId.get(String(transport.selectedCandidatePairId)) : undefined;
    if (!pair) return null;
    const local = byId.get(String(pair.localCandidateId));
    const remote = byId.get(String(pair.remoteCandidateId));
    return {
      local: String(local?.candidateType),
      remote: String(remote?.candidateType),
      localAddress: String(local?.address),
    };
  });
}
