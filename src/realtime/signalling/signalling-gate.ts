/**
 * The first frame of a signalling socket: it must be a `join` with a valid built-in participant token,
 * within the join timeout. The token says which protocol follows: a call token hands the socket to a
 * two-party connection (signalling-connection.ts), a room token to a room connection
 * (room-signalling-connection.ts). The hand-over happens inside the first frame's event, synchronously, so
 * a frame sent right behind the join (same TCP packet) reaches the new owner.
 */
import type { WebSocket } from 'ws';
import type { ParticipantClaims } from '../../providers/builtin/participant-token.ts';
import type { ServedConnection } from '../websocket-server.ts';
import {
  SIGNALLING_CLOSE_CODES,
  encodeSignallingMessage,
  parseSignallingClientMessage,
  type SignallingErrorReason,
} from './signalling-messages.ts';

export interface SignallingGateOptions {
  /** The claims of a valid, unexpired built-in participant token; null otherwise. */
  verify(token: string): ParticipantClaims | null;
  /** LOOP_WS_HELLO_TIMEOUT_SECONDS, in ms: how long the socket may stay without a valid `join`. */
  joinTimeoutMs: number;
  /** Takes the socket over once its token is known good. */
  admit(socket: WebSocket, claims: ParticipantClaims): ServedConnection;
}

type CloseCode = (typeof SIGNALLING_CLOSE_CODES)[keyof typeof SIGNALLING_CLOSE_CODES];

export class SignallingGate implements ServedConnection {
  private admitted: ServedConnection | null = null;
  private refused = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly options: SignallingGateOptions,
  ) {
    this.timer = setTimeout(() => this.refuse('timeout', SIGNALLING_CLOSE_CODES.timeout), options.joinTimeoutMs);
    socket.on('message', this.onFirstFrame);
    socket.once('close', () => clearTimeout(this.timer));
  }

  private readonly onFirstFrame = (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void => {
    this.socket.off('message', this.onFirstFrame);
    clearTimeout(this.timer);
    if (this.refused) return;
    // Only a valid join is acceptable first: anything else ends the socket.
    const parsed = parseSignallingClientMessage(isBinary ? '' : data.toString());
    if (!parsed.ok || parsed.message.type !== 'join')
      return this.refuse('bad-message', SIGNALLING_CLOSE_CODES.badMessage);
    const claims = this.options.verify(parsed.message.token);
    if (!claims) return this.refuse('invalid-token', SIGNALLING_CLOSE_CODES.invalidToken);
    this.admitted = this.options.admit(this.socket, claims);
  };

  async shutdown(): Promise<void> {
    if (this.admitted) return this.admitted.shutdown();
    clearTimeout(this.timer);
    this.socket.close(SIGNALLING_CLOSE_CODES.shutdown);
  }

  private refuse(reason: SignallingErrorReason, code: CloseCode): void {
    this.refused = true;
    this.socket.off('message', this.onFirstFrame);
    if (this.socket.readyState === this.socket.OPEN)
      this.socket.send(encodeSignallingMessage({ type: 'error', reason }));
    this.socket.close(code);
  }
}
