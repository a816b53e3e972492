/** Entry of the callee's app (`/app/`): session, links, notifications, and the line that rings. */
import { byId, el } from '../shared/dom.ts';
import { StatusRegion } from '../shared/status.ts';
import { EventsSocket } from './events-socket.ts';
import { IncomingCalls } from './incoming-calls.ts';
import { LinksView } from './links-view.ts';
import { Notifications } from './notifications.ts';
import { RoomsView } from './rooms-view.ts';
import { CalleeSession } from './session.ts';

async function main(): Promise<void> {
  const root = byId('app');
  const status = new StatusRegion(byId('status'));
  const session = new CalleeSession();
  const line = el('p', { className: 'line muted', text: 'Connecting to Loop…' });
  let calls: IncomingCalls | null = null;
  const notifications = new Notifications(session, status, (callId) => calls?.focusCall(callId));
  calls = new IncomingCalls(status, notifications);
  const links = new LinksView(session, status);
  const rooms = new RoomsView(session, status);
  root.replaceChildren(calls.element, line, notifications.element, links.element, rooms.element);
  Object.assign(window, { loopCallStats: () => calls?.getStats() ?? null });

  await session.ensure();
  await Promise.all([links.refresh(), rooms.refresh()]);
  const incoming = calls;
  new EventsSocket(session, {
    onPending: (pending) => pending.forEach((call) => incoming.ring(call)),
    onIncoming: (call) => incoming.ring(call),
    onCallEnded: (callId, reason) => incoming.ended(callId, reason),
    onRoomChanged: () => void rooms.refresh(),
    onConnectionChange: (connected) => {
      // Changes missed while the socket was down (someone joined a room) are caught up on.
      if (connected) void rooms.refresh();
      line.textContent = connected ? 'Ready to receive calls.' : 'Reconnecting to Loop…';
    },
    onProblem: (sentence) => {
      line.textContent = sentence;
    },
  }).start();
  await notifications.start();
  // Opened from a notification of the service worker: /app/#call=<callId>.
  const opened = /^#call=([0-9a-f]{32})$/.exec(location.hash)?.[1];
  if (opened) calls.focusCall(opened);
}

main().catch(() => {
  byId('status').textContent = 'Loop could not start. Check your connection and reload the page.';
});
