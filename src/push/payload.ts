/**
 * What a Web Push message says, as the service worker of the web app reads it after decryption. Kept
 * small (push services accept about 4 KB) and free of secrets: it says who calls, never how to join.
 */
import type { CallType } from '../calls/call-record.ts';
import type { RoomEvent } from '../rooms/room-event.ts';
import type { PushTopic } from './push-targets.ts';

export type WebPushPayload =
  /** Ring: the app fetches `GET /calls?version=` to get the call and join it. */
  | { event: 'incoming-call'; topic: 'calls'; version: number; callId: string; callerName: string; callType?: CallType }
  /** Stop ringing: sent with the same Topic header, so it replaces a still-pending "incoming-call". */
  | { event: 'call-ended'; topic: 'calls'; version: number; callId: string; reason: string }
  /**
   * A room of the user changed (`change`: what happened to it, spec §7.6): the app resynchronises with
   * `GET /rooms?version=`. Informational: the service worker shows nothing for it.
   */
  | { event: 'room-changed'; topic: 'rooms'; version: number; roomToken: string; change: RoomEvent }
  /** Something changed under `topic` (a call without details): resynchronise from `version`. */
  | { event: 'update'; topic: PushTopic; version: number; reason: string };
