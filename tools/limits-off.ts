/**
 * The settings that turn Loop's rate limits and per-user caps off (docs/security.md). Benchmarks drive one
 * address at thousands of requests a second and create thousands of links per user, and most tests create
 * more sessions, calls and links from 127.0.0.1 than a minute allows: both start servers with these, and the
 * tests of the limits set their own values.
 */
export const LIMITS_OFF: Readonly<Record<string, string>> = {
  LOOP_RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
  LOOP_RATE_LIMIT_CALLS_PER_LINK_PER_MINUTE: '0',
  LOOP_RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE: '0',
  LOOP_RATE_LIMIT_ROOM_JOINS_PER_ADDRESS_PER_MINUTE: '0',
  LOOP_MAX_LINKS_PER_USER: '0',
  LOOP_MAX_ROOMS_PER_USER: '0',
};
