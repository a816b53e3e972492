/**
 * The room page behind a room link (`/r/{token}`): a shell that works before any script runs. The room's
 * name is not here: the server only has its ciphertext (spec §7.8); `web/room/` decrypts it with the key in
 * the link's fragment and replaces the generic title, then draws the screen before joining into `#room-ui`
 * and says every state in `#status`. An unknown or expired room gets a page that says what to do.
 */
import { escapeHtml, renderPage } from './page-shell.ts';

export const GENERIC_ROOM_TITLE = 'A Loop room';

export function renderRoomPage(room: { roomOwner: string }): string {
  const owner = room.roomOwner.trim();
  return renderPage({
    title: 'Loop room',
    script: 'room.js',
    wide: true,
    body: `
<h1 id="room-title">${GENERIC_ROOM_TITLE}</h1>
${owner ? `<p class="muted" id="room-owner">A room of ${escapeHtml(owner)}.</p>` : ''}
<p id="status" class="status" role="status" aria-live="polite"></p>
<div id="room-ui">
<noscript><p>Joining a room needs JavaScript: please turn it on for this page.</p></noscript>
</div>`,
  });
}

export function renderInvalidRoomPage(): string {
  return renderPage({
    title: 'Room not available',
    body: `
<h1 id="room-title">This room is not available</h1>
<p>It may have expired or been deleted, or its link was copied incompletely. Ask the person who sent it for a new link.</p>`,
  });
}
