/** The shape LOOP_STUN_URLS and LOOP_TURN_URLS entries must have, checked when the config loads. */

/** `stun:`, `turn:` and `turns:` URIs (RFC 7064/7065), with an optional `?transport=`. */
const ICE_URL = /^(stuns?|turns?):[^\s,?]+(\?transport=(udp|tcp))?$/;

export function iceUrlProblem(url: string): string | null {
  return ICE_URL.test(url) ? null : `${JSON.stringify(url)} is not a stun:, stuns:, turn: or turns: URI`;
}
