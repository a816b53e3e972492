/** Entry of the room page (`/r/{token}#<key>`): the key in the fragment never leaves the browser. */
import { byId } from '../shared/dom.ts';
import { importRoomKey } from '../shared/room-name-crypto.ts';
import { StatusRegion } from '../shared/status.ts';
import { RoomApi } from './room-api.ts';
import { RoomPage } from './room-page.ts';

async function main(): Promise<void> {
  const ui = document.getElementById('room-ui');
  if (!ui) return;
  const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
  const key = await importRoomKey(location.hash);
  const page = new RoomPage(new RoomApi(token), ui, new StatusRegion(byId('status')), byId('room-title'), key);
  // Each peer's inbound video statistics, for the browser tests and the console (nothing secret in them).
  Object.assign(window, { loopRoomStats: () => page.stats(), loopRoomUpstream: () => page.upstream() });
  // Restored from the back-forward cache after pagehide said goodbye: start again, back into the room.
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) location.reload();
  });
  await page.start();
}

main().catch(() => {
  byId('status').textContent = 'The room could not start. Check your connection and reload the page.';
});
