/**
 * What the rooms routes answer (spec §7.4), as the serializer writes them. The 2016 clients read the join and
 * refresh answers by type: `apiKey`, `sessionId`, `sessionToken` strings, `expires` a number of seconds.
 */
import { Type, type Static } from 'typebox';
import { ProviderExtras } from './call-schemas.ts';
import { Closed } from './closed-object.ts';

const Seconds = (description: string) => Type.Integer({ description: `${description} (seconds since the epoch)` });

const RoomContext = Closed(
  { value: Type.String(), alg: Type.String(), wrappedKey: Type.String() },
  { description: 'The client-encrypted room data (spec §7.8), stored and returned as given.' },
);
/** `context` is null for a room made with a legacy clear `roomName`; a type list, not a union (see call-schemas). */
const NullableContext = Type.Unsafe<Static<typeof RoomContext> | null>({
  ...RoomContext,
  type: ['object', 'null'],
});

export const CreatedRoom = Closed(
  { roomToken: Type.String(), roomUrl: Type.String(), expiresAt: Seconds('When the room expires') },
  { title: 'CreatedRoom' },
);

export const PublicRoom = Closed(
  {
    roomToken: Type.String(),
    roomName: Type.Optional(Type.String({ description: 'Legacy rooms only (deprecated clear name).' })),
    context: NullableContext,
    roomOwner: Type.String(),
    roomUrl: Type.String(),
  },
  { title: 'PublicRoom', description: 'What anyone with the link sees.' },
);

const Participant = Closed({
  roomConnectionId: Type.String(),
  displayName: Type.String(),
  account: Type.Optional(Type.String()),
  owner: Type.Boolean(),
});

export const FullRoom = Closed(
  {
    roomToken: Type.String(),
    roomUrl: Type.String(),
    roomName: Type.Optional(Type.String({ description: 'Legacy rooms only (deprecated clear name).' })),
    context: NullableContext,
    roomOwner: Type.String(),
    maxSize: Type.Integer(),
    clientMaxSize: Type.Integer({ description: "The smallest of maxSize and every participant's clientMaxSize." }),
    creationTime: Seconds('When the room was made'),
    expiresAt: Seconds('When the room expires'),
    ctime: Seconds('The last change (also the push version)'),
    participants: Type.Array(Participant),
  },
  { title: 'FullRoom', description: 'What the owner and the participants see.' },
);

export const DeletedRoom = Closed(
  { roomToken: Type.String(), deleted: Type.Literal(true) },
  { title: 'DeletedRoom', description: 'A room deleted since the `version` asked for.' },
);

export const JoinAnswer = Closed(
  {
    apiKey: Type.String(),
    sessionId: Type.String(),
    sessionToken: Type.String({ description: "The provider token; also the participant's Basic credential." }),
    expires: Type.Number({ description: 'Seconds until the participation lapses unless refreshed (a number).' }),
    roomConnectionId: Type.String(),
    provider: Type.String(),
    ...ProviderExtras,
  },
  { title: 'JoinAnswer' },
);

export const RefreshAnswer = Closed(
  { expires: Type.Number({ description: 'Seconds until the participation lapses unless refreshed (a number).' }) },
  { title: 'RefreshAnswer' },
);

/** `PATCH /rooms`: 207 when any room was deleted, 404 when none was; the same body. */
export const BulkDeletion = (description: string) =>
  Closed(
    {
      responses: Type.Record(
        Type.String(),
        Closed({ code: Type.Integer(), errno: Type.Optional(Type.Integer()), error: Type.Optional(Type.String()) }),
        { description: 'Per room token: `{code: 200}`, or `{code: 404, errno: 105, error}`.' },
      ),
    },
    { description },
  );

export type JoinAnswerFields = Static<typeof JoinAnswer>;
