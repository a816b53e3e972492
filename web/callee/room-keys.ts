/**
 * The keys of the rooms this app made (web/shared/room-name-crypto.ts), kept in localStorage by room
 * token: they are what lets the app show each room's name and give out its full link. Another device of
 * the owner has no key, so it shows a room without its name (docs/webapp.md says why: `wrappedKey` is empty).
 */
import { importRoomKey } from '../shared/room-name-crypto.ts';

const STORAGE_KEY = 'loop.roomKeys';

function readAll(): Record<string, string> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function writeAll(keys: Record<string, string>): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(keys));
  } catch {
    // Not kept: the room's name shows only until the page is reloaded.
  }
}

export const roomKeys = {
  encoded(roomToken: string): string | null {
    const encoded = readAll()[roomToken];
    return typeof encoded === 'string' ? encoded : null;
  },
  async key(roomToken: string): Promise<CryptoKey | null> {
    const encoded = this.encoded(roomToken);
    return encoded ? importRoomKey(encoded) : null;
  },
  save(roomToken: string, encoded: string): void {
    writeAll({ ...readAll(), [roomToken]: encoded });
  },
  /** Forgets the keys of rooms that no longer exist. */
  keepOnly(roomTokens: Iterable<string>): void {
    const live = new Set(roomTokens);
    const all = readAll();
    writeAll(Object.fromEntries(Object.entries(all).filter(([token]) => live.has(token))));
  },
};
