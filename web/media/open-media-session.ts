/**
 * Picks the MediaSession for a join answer's `provider`. Each implementation is bundled into the room page
 * by our esbuild build (no third-party script at run time); the SDKs reach only the URLs the server hands
 * out (`janusUrl`, `livekitUrl`), which the page's CSP lists in `connect-src`.
 */
import { JanusSession } from './janus-session.ts';
import type { MediaJoinAnswer, MediaSession, MediaSessionOptions } from './media-session.ts';
import { MeshSession } from './mesh-session.ts';

/** Whether this page has a client for the answer's provider (else it says so, and leaves). */
export function canJoinMedia(answer: MediaJoinAnswer): boolean {
  switch (answer.provider ?? 'builtin') {
    case 'builtin':
      return Boolean(answer.signallingURL);
    case 'janus':
      return Boolean(answer.janusUrl && answer.janusRoom);
    case 'livekit':
      return Boolean(answer.livekitUrl);
    case 'opentok':
      return Boolean(answer.apiKey && answer.sessionId);
    default:
      return false;
  }
}

/**
 * The vendor SDKs are loaded on demand (esbuild splits them into their own chunks under /assets/), so a
 * mesh or Janus room never downloads them.
 */
export async function openMediaSession(options: MediaSessionOptions): Promise<MediaSession> {
  switch (options.answer.provider ?? 'builtin') {
    case 'janus':
      return new JanusSession(options);
    case 'livekit':
      return new (await import('./livekit-session.ts')).LiveKitSession(options);
    case 'opentok':
      return new (await import('./opentok-session.ts')).OpenTokSession(options);
    default:
      return new MeshSession(options);
  }
}
