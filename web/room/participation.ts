/**
 * The participation of this tab, kept in sessionStorage (per tab, gone with it) under the room token, so
 * that a reload goes straight back into the room: refresh it if it is still alive, else join again under
 * the same name. The choices of the screen before joining (muted, camera off) are kept with it.
 */
import type { Participation } from './room-api.ts';

export interface StoredParticipation extends Participation {
  microphoneOff: boolean;
  cameraOff: boolean;
}

const keyOf = (roomToken: string) => `loop.room.${roomToken}`;
const NAME_KEY = 'loop.displayName';

export function readParticipation(roomToken: string): StoredParticipation | null {
  try {
    const raw = sessionStorage.getItem(keyOf(roomToken));
    const value = raw ? (JSON.parse(raw) as StoredParticipation) : null;
    return value && typeof value.displayName === 'string' && typeof value.answer?.sessionToken === 'string'
      ? value
      : null;
  } catch {
    return null;
  }
}

export function writeParticipation(roomToken: string, participation: StoredParticipation | null): void {
  try {
    if (participation) sessionStorage.setItem(keyOf(roomToken), JSON.stringify(participation));
    else sessionStorage.removeItem(keyOf(roomToken));
  } catch {
    // Storage disabled: a reload shows the screen before joining again.
  }
}

/** The name this browser last used (shared with the app's links form). */
export function rememberedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Not kept: asked again next time.
  }
}
