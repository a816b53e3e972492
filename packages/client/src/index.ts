/**
 * @loop/client: a typed client for the Loop call-link server (README.md). Runs in browsers and Node 22:
 * fetch, WebSocket and Web Crypto only.
 */
export {
  LoopClient,
  type Answer,
  type LoopClientOptions,
  type OperationMethod,
  type RawOptions,
  type RawResponse,
} from './client.ts';
export type { paths, components, operations } from './schema.d.ts';
export { LoopError, isLoopError, type LoopErrorBody } from './errors.ts';
export {
  basicAuthorization,
  createSession,
  sessionFromResponse,
  SESSION_TOKEN_HEADER,
  type LoopSession,
} from './session.ts';
export {
  deriveHawkCredentials,
  hawkHeader,
  newNonce,
  payloadHash,
  type HawkCredentials,
  type HawkRequest,
} from './hawk.ts';
export { ServerClock } from './clock.ts';
export type { LoopAuth, SignOptions } from './transport.ts';
export { JsonStream, ProgressSocket, UserEventsSocket, type CloseInfo, type OpenSocketOptions } from './sockets.ts';
export * from './messages.ts';
