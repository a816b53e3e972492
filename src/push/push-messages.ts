/**
 * The messages Loop pushes, resolved once for every transport: payload, TTL, urgency and the Topic that
 * lets "call ended" replace a still-pending "incoming call" at the push service.
 */
import { createHash } from 'node:crypto';
import type { CallType } from '../calls/call-record.ts';
import type { RoomChange } from '../rooms/room-event.ts';
import type { PushTopic } from './push-targets.ts';
import type { PushMessage } from './notifier.ts';

/** What a use case asks for: wake the user's devices about `topic`, with the call's details when there is one. */
export interface WakeRequest {
  topic: PushTopic;
  version: number;
  reason: string;
  call?: { callId: string; callerName: string; callType?: CallType };
}

/** The call a "call ended" message is about. */
export interface EndedCall {
  callId: string;
  /** The call's creation time, seconds: its push `version`. */
  timestampSec: number;
}

/** Push services allow 32 characters of base64url; a payload is also better for at most a few hundred bytes. */
const TOPIC_LENGTH = 32;
const CALLER_NAME_MAX = 128;

/**
 * The Web Push `Topic` of a call. The header travels unencrypted to the push service, so it is a hash of
 * the call id rather than the id itself; the same call always gets the same Topic.
 */
export function replaceKeyFor(callId: string): string {
  return createHash('sha256').update(`loop-call:${callId}`).digest('base64url').slice(0, TOPIC_LENGTH);
}

export function wakeMessage(request: WakeRequest, ttlSec: number): PushMessage {
  const { topic, version, reason, call } = request;
  if (!call) {
    return {
      topic,
      version,
      reason,
      payload: { event: 'update', topic, version, reason },
      ttlSec,
      urgency: 'normal',
      viaSimplePush: true,
    };
  }
  return {
    topic: 'calls',
    version,
    reason,
    ttlSec,
    urgency: 'high',
    viaSimplePush: true,
    replaceKey: replaceKeyFor(call.callId),
    payload: {
      event: 'incoming-call',
      topic: 'calls',
      version,
      callId: call.callId,
      callerName: call.callerName.slice(0, CALLER_NAME_MAX),
      ...(call.callType ? { callType: call.callType } : {}),
    },
  };
}

/** High urgency too: an awake device must stop ringing now, not when its radio next wakes up. */
export function callEndedMessage(call: EndedCall, reason: string, ttlSec: number): PushMessage {
  return {
    topic: 'calls',
    version: call.timestampSec,
    reason: 'call.ended',
    ttlSec,
    urgency: 'high',
    viaSimplePush: false,
    replaceKey: replaceKeyFor(call.callId),
    payload: { event: 'call-ended', topic: 'calls', version: call.timestampSec, callId: call.callId, reason },
  };
}

/**
 * A room of the user changed: a SimplePush `version` ping to every `rooms` URL, and a "room-changed"
 * payload to the Web Push subscriptions of the `rooms` topic. The Topic is per room, so a device that was
 * offline gets only the latest news of each room. The reason follows the 2016 statsd tag
 * (`rooms.notifyowner.<event>`).
 */
export function roomChangedMessage(change: RoomChange, ttlSec: number): PushMessage {
  const { roomToken, event, version } = change;
  return {
    topic: 'rooms',
    version,
    reason: `rooms.notifyowner.${event}`,
    ttlSec,
    urgency: 'normal',
    viaSimplePush: true,
    replaceKey: replaceKeyForRoom(roomToken),
    payload: { event: 'room-changed', topic: 'rooms', version, roomToken, change: event },
  };
}

/** As `replaceKeyFor`, for a room: a hash, since the room token is a capability and the header is not encrypted. */
export function replaceKeyForRoom(roomToken: string): string {
  return createHash('sha256').update(`loop-room:${roomToken}`).digest('base64url').slice(0, TOPIC_LENGTH);
}
