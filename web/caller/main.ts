/** Entry of the caller's page (`/c/{token}`, or `/calls/{token}` opened in a browser). */
import { byId } from '../shared/dom.ts';
import { StatusRegion } from '../shared/status.ts';
import { localiseTimes } from '../shared/time.ts';
import { CallerPage } from './caller-page.ts';

const ui = document.getElementById('call-ui');
if (ui) {
  localiseTimes(document);
  const token = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
  const page = new CallerPage(token, ui.dataset.callee ?? 'them', ui, new StatusRegion(byId('status')));
  // The call's WebRTC statistics, for the browser tests and the console (nothing secret in them).
  Object.assign(window, { loopCallStats: () => page.getStats() });
  void page.start();
}
