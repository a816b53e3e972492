/**
 * The room fields create and PATCH accept (spec §4.9), checked against the operator's limits with the
 * historical messages (400 errno 107; 108 for what create requires).
 */
import type { Config } from '../config/schema.ts';
import { LoopError } from '../errors/loop-error.ts';
import { has, wholeNumber } from './body-values.ts';
import type { RoomContext } from './room-record.ts';

/** The 2016 limits (`rooms.maxRoomNameSize`, `rooms.maxRoomOwnerSize`); clients never needed them changed. */
export const MAX_ROOM_NAME_LENGTH = 100;
export const MAX_ROOM_OWNER_LENGTH = 255;
const MAX_CHANNEL_LENGTH = 64;

type Limits = Pick<Config, 'roomMaxSize' | 'roomMaxTtlHours'>;
type Body = Readonly<Record<string, unknown>>;

/** The fields a request sent, checked; absent ones are undefined. */
export interface RoomParams {
  roomName?: string;
  context?: RoomContext;
  roomOwner?: string;
  maxSize?: number;
  expiresInHours?: number;
  channel?: string;
}

const CONTEXT_MESSAGE = 'context should be an object containing `value`, `alg` and `wrappedKey` properties.';

function contextOf(value: unknown): RoomContext {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw LoopError.invalidParameters(CONTEXT_MESSAGE);
  const { value: cipherText, alg, wrappedKey } = value as Record<string, unknown>;
  if (typeof cipherText !== 'string' || typeof alg !== 'string' || typeof wrappedKey !== 'string')
    throw LoopError.invalidParameters(CONTEXT_MESSAGE);
  // Only the three fields are kept: the blob stays opaque, and nothing else rides along with it.
  return { value: cipherText, alg, wrappedKey };
}

function boundedText(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length > maxLength)
    throw LoopError.invalidParameters(`${field} should be shorter than ${maxLength} characters`);
  return value;
}

function expiresInOf(value: unknown, limits: Limits): number {
  const hours = wholeNumber(value);
  if (hours === null || hours < 1) throw LoopError.invalidParameters('expiresIn should be a valid number');
  if (hours > limits.roomMaxTtlHours)
    throw LoopError.invalidParameters(`expiresIn cannot be greater than ${limits.roomMaxTtlHours}`);
  return hours;
}

function maxSizeOf(value: unknown, limits: Limits): number {
  const size = wholeNumber(value);
  // 2016 let NaN and negative sizes through (spec §16.8); a room holds at least one person.
  if (size === null || size < 1) throw LoopError.invalidParameters('maxSize should be a valid number');
  if (size > limits.roomMaxSize)
    throw LoopError.invalidParameters(`maxSize cannot be greater than ${limits.roomMaxSize}`);
  return size;
}

/** Checks every field the body sent, in the 2016 order; fields not sent stay undefined. */
export function roomParams(body: Body, limits: Limits): RoomParams {
  const params: RoomParams = {};
  if (has(body, 'roomName')) {
    if (has(body, 'context'))
      throw LoopError.invalidParameters('roomName has been deprecated, please store it encrypted inside the context.');
    params.roomName = boundedText(body.roomName, 'roomName', MAX_ROOM_NAME_LENGTH);
  }
  if (has(body, 'context')) params.context = contextOf(body.context);
  if (has(body, 'roomOwner')) params.roomOwner = boundedText(body.roomOwner, 'roomOwner', MAX_ROOM_OWNER_LENGTH);
  if (has(body, 'expiresIn')) params.expiresInHours = expiresInOf(body.expiresIn, limits);
  if (has(body, 'maxSize')) params.maxSize = maxSizeOf(body.maxSize, limits);
  if (has(body, 'channel')) params.channel = boundedText(body.channel, 'channel', MAX_CHANNEL_LENGTH);
  return params;
}

/** What POST /rooms requires: a name (encrypted `context`, or the legacy `roomName`), `roomOwner`, `maxSize`. */
export function requireCreationFields(body: Body): void {
  const missing = [
    ...(has(body, 'context') || has(body, 'roomName') ? [] : ['context,roomName']),
    ...(has(body, 'roomOwner') ? [] : ['roomOwner']),
    ...(has(body, 'maxSize') ? [] : ['maxSize']),
  ];
  if (missing.length > 0) throw LoopError.missingParameters(missing);
}
