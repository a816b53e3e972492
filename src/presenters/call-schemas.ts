/**
 * What the call-link and call routes answer (spec §4.3, §4.8, §6.3), as the serializer writes them: a field
 * missing here is not sent. The provider decides some fields (its "extras"); each one any provider hands out
 * is declared in `ProviderExtras`, so a provider adding one must add it here too (the provider tests fail
 * otherwise, as the field never reaches them).
 */
import { Type, type Static } from 'typebox';
import { Closed } from './closed-object.ts';

const Seconds = (description: string) => Type.Integer({ description: `${description} (seconds since the epoch)` });

const IceServer = Closed(
  {
    urls: Type.Array(Type.String()),
    username: Type.Optional(Type.String()),
    credential: Type.Optional(Type.String()),
  },
  { description: 'An RTCIceServer, as `new RTCPeerConnection({iceServers})` takes it.' },
);

/** The provider's client fields, beside the credentials (docs/providers.md). */
export const ProviderExtras = {
  signallingURL: Type.Optional(Type.String({ description: 'Built-in provider: the signalling relay websocket.' })),
  iceServers: Type.Optional(Type.Array(IceServer, { description: 'Built-in and Janus providers: STUN/TURN.' })),
  livekitUrl: Type.Optional(Type.String({ description: 'LiveKit provider: the LiveKit server websocket.' })),
  janusUrl: Type.Optional(Type.String({ description: "Janus provider: the Janus HTTP API's URL." })),
  janusRoom: Type.Optional(
    Type.Unsafe<number | string>({ type: ['integer', 'string'], description: 'Janus provider: the VideoRoom room.' }),
  ),
};

/** The extras as the presenters type them: providers hand out `Record<string, unknown>`, the schema keeps these. */
export type ProviderExtrasFields = Static<ReturnType<typeof Type.Object<typeof ProviderExtras>>>;

const CallCredentials = {
  callId: Type.String({ description: '32 hex characters.' }),
  websocketToken: Type.String({ description: 'Proves this side on the progress websocket (`hello`).' }),
  sessionId: Type.String({ description: "The provider's session id." }),
  sessionToken: Type.String({ description: "This side's provider token." }),
  apiKey: Type.String({ description: "The provider's public key." }),
  progressURL: Type.String({ description: 'The progress websocket (`/websocket`).' }),
  provider: Type.String({ description: '`builtin`, `opentok`, `livekit`, `janus`.' }),
};

/** `POST /calls/{token}` and `POST /calls`: the caller's side. */
export const CallerAnswer = Closed({ ...CallCredentials, ...ProviderExtras }, { title: 'CallerAnswer' });

/** One item of `GET /calls` (and of the events socket's `incoming-call`): the callee's side. */
export const CalleeCall = Closed(
  {
    ...CallCredentials,
    // An enum, not a union of literals: the serializer would test each alternative on every item.
    callType: Type.Unsafe<'audio' | 'audio-video'>({ type: 'string', enum: ['audio', 'audio-video'] }),
    callerId: Type.String(),
    subject: Type.Optional(Type.String()),
    callUrl: Type.Optional(Type.String({ description: 'The link called, for a call made through one.' })),
    call_url: Type.Optional(Type.String({ description: 'The same, under its 2014 name.' })),
    callToken: Type.Optional(Type.String()),
    urlCreationDate: Type.Optional(Seconds('When the link was made')),
    ...ProviderExtras,
  },
  { title: 'CalleeCall' },
);

export type CalleeCallFields = Static<typeof CalleeCall>;
export type CallerAnswerFields = Static<typeof CallerAnswer>;

export const CallsList = Closed({ calls: Type.Array(CalleeCall) });

/** `GET /calls/{token}`: the link check. */
export const LinkInfo = Closed({
  calleeFriendlyName: Type.String({ description: "The link's `issuer`." }),
  urlCreationDate: Seconds('When the link was made'),
  expiresAt: Seconds('When the link expires'),
});

export const CreatedCallUrl = Closed({
  callUrl: Type.String(),
  callToken: Type.String(),
  call_url: Type.String({ description: 'The same URL, under its 2014 name.' }),
  expiresAt: Seconds('When the link expires'),
});

export const CallUrlItem = Closed({
  callToken: Type.String(),
  callUrl: Type.String(),
  callerId: Type.String(),
  issuer: Type.String(),
  subject: Type.Optional(Type.String()),
  timestamp: Seconds('When the link was made'),
  expires: Seconds('When the link expires'),
});

export const ExpiresAt = Closed({ expiresAt: Seconds('The new expiry') });
