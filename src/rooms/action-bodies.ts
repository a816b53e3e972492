/**
 * The bodies of POST /rooms/{token} actions (spec §7.3), checked with the historical messages. Other fields
 * are ignored: the 2016 client sends a `sessionToken` with refresh and leave.
 */
import { ERRNO } from '../errors/catalogue.ts';
import { LoopError } from '../errors/loop-error.ts';
import { has, wholeNumber } from './body-values.ts';

type Body = Readonly<Record<string, unknown>>;

export const ROOM_ACTIONS = ['join', 'refresh', 'status', 'leave', 'logDomain'] as const;
export type RoomAction = (typeof ROOM_ACTIONS)[number];

const MAX_DISPLAY_NAME_LENGTH = 255;

/** 108 without an `action`, 107 with an unknown one (spec §4.9). */
export function actionOf(body: Body): RoomAction {
  const message = `action should be one of ${ROOM_ACTIONS.join(', ')}`;
  if (!has(body, 'action')) throw new LoopError(400, ERRNO.MISSING_PARAMETERS, message);
  const action = body.action;
  if (typeof action !== 'string' || !(ROOM_ACTIONS as readonly string[]).includes(action))
    throw LoopError.invalidParameters(message);
  return action as RoomAction;
}

export interface JoinFields {
  displayName: string;
  clientMaxSize: number;
}

export function joinFields(body: Body): JoinFields {
  const missing = ['displayName', 'clientMaxSize'].filter((field) => !has(body, field));
  if (missing.length > 0) throw LoopError.missingParameters(missing);
  const clientMaxSize = wholeNumber(body.clientMaxSize);
  if (clientMaxSize === null || clientMaxSize < 1)
    throw LoopError.invalidParameters('clientMaxSize should be a number.');
  const displayName = body.displayName;
  if (typeof displayName !== 'string' || displayName.length > MAX_DISPLAY_NAME_LENGTH)
    throw LoopError.invalidParameters(`displayName should be shorter than ${MAX_DISPLAY_NAME_LENGTH} characters`);
  return { displayName, clientMaxSize };
}

export interface StatusFields {
  event: string;
  state: string;
  connections: number;
  sendStreams: number;
  recvStreams: number;
}

const COUNTS = ['connections', 'sendStreams', 'recvStreams'] as const;

/** Every field is required; the three counts are non-negative whole numbers. Reported fields are only logged. */
export function statusFields(body: Body): StatusFields {
  for (const field of ['event', 'state', ...COUNTS]) {
    if (!has(body, field)) throw LoopError.invalidParameters(`'${field}' field is missing in body.`);
  }
  const counts = COUNTS.map((field) => {
    const count = wholeNumber(body[field]);
    if (count === null || count < 0) throw LoopError.invalidParameters(`Invalid ${field} number.`);
    return count;
  }) as [number, number, number];
  return {
    event: String(body.event).slice(0, 64),
    state: String(body.state).slice(0, 64),
    connections: counts[0],
    sendStreams: counts[1],
    recvStreams: counts[2],
  };
}

export interface SharedDomain {
  domain: string;
  count: number;
}

const DOMAINS_MESSAGE = 'Domains must be a list of objects with both a ``domain`` and ``count`` property.';

export function logDomainFields(body: Body): SharedDomain[] {
  if (!has(body, 'domains')) throw LoopError.missingParameters(['domains']);
  const domains = body.domains;
  // 2016 crashed (500) on a `domains` that was not a list (spec §16.10).
  if (!Array.isArray(domains)) throw LoopError.invalidParameters(DOMAINS_MESSAGE);
  return domains.map((item: unknown) => {
    if (typeof item !== 'object' || item === null) throw LoopError.invalidParameters(DOMAINS_MESSAGE);
    const { domain, count } = item as Record<string, unknown>;
    const whole = wholeNumber(count);
    if (typeof domain !== 'string' || whole === null || whole < 0) throw LoopError.invalidParameters(DOMAINS_MESSAGE);
    return { domain: domain.slice(0, 255), count: whole };
  });
}
