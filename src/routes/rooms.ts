/**
 * The rooms API (spec §4.9, §7) at `/rooms…` (and `/v0/rooms…`): schema and auth mode, one use case, a
 * presenter. Room bodies are checked by the use cases with the historical messages, not by the schema,
 * because the 2016 clients rely on those messages and send numbers as text in urlencoded forms.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { LoopDeps } from '../deps.ts';
import { requireSession, roomCredential } from '../http/request-context.ts';
import { requireJsonAccept } from '../http/require-json-accept.ts';
import {
  presentBulkDeletion,
  presentCreatedRoom,
  presentFullRoom,
  presentJoin,
  presentPublicRoom,
  presentRoomDeletion,
} from '../presenters/room-presenters.ts';
import { actionOf } from '../rooms/action-bodies.ts';
import { createRoom } from '../rooms/create-room.ts';
import { deleteRoom, deleteRooms } from '../rooms/delete-rooms.ts';
import { getRoom } from '../rooms/get-room.ts';
import { joinRoom } from '../rooms/join-room.ts';
import { listRooms } from '../rooms/list-rooms.ts';
import { leaveRoom, logSharedDomains, refreshParticipation, reportStatus } from '../rooms/participant-actions.ts';
import { requireCreationFields, roomParams } from '../rooms/room-params.ts';
import { updateRoom } from '../rooms/update-room.ts';
import {
  BulkDeletion,
  CreatedRoom,
  DeletedRoom,
  FullRoom,
  JoinAnswer,
  PublicRoom,
  RefreshAnswer,
} from '../presenters/room-schemas.ts';
import { ExpiresAt } from '../presenters/call-schemas.ts';
import { HAWK, ROOM_CREDENTIALS } from './security-schemes.ts';
import { errorResponses, HAWK_401, INVALID_400, NoContent } from './error-responses.ts';
import { tokenFromPath, TokenParams } from './schemas.ts';

const TAGS = ['rooms'];
const UNKNOWN_ROOM = { 404: 'Unknown or expired room (errno 105).' };
const OWNER_ONLY = { 403: 'Not the owner of this room (errno 999).' };

/**
 * Any JSON object (or urlencoded form); its fields are checked by the use case. `additionalProperties`
 * said out loud so that the document (and the SDK's types generated from it) accept fields, not `{}` only.
 */
const AnyObject = Type.Object({}, { additionalProperties: true });
type Fields = Record<string, unknown>;
const ListQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 0 })) });
const BulkDeleteBody = Type.Object({
  deleteRoomTokens: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000 }),
});

/** Sent to a client still naming its room in clear (spec §2.3). */
function warnIfRoomName(reply: FastifyReply, body: Fields): void {
  if (body.roomName !== undefined)
    void reply.header('alert', 'The roomName parameter has been deprecated, you should use context.');
}

export const roomRoutes: FastifyPluginAsyncTypebox<{ deps: LoopDeps }> = async (app, { deps }) => {
  const { config } = deps;

  app.post(
    '/rooms',
    {
      config: { auth: 'hawk' },
      preValidation: requireJsonAccept,
      schema: {
        summary: 'Make a room',
        description:
          'Body: `context` (or legacy `roomName`), `roomOwner`, `maxSize`, `expiresIn`, `channel` (docs/rooms.md).',
        tags: TAGS,
        security: HAWK,
        body: AnyObject,
        response: { 201: CreatedRoom, ...errorResponses({ ...INVALID_400, ...HAWK_401 }) },
      },
    },
    async (request, reply) => {
      const body = request.body as Fields;
      requireCreationFields(body);
      const params = roomParams(body, config);
      const room = await createRoom(deps, requireSession(request).user, {
        ...params,
        roomOwner: params.roomOwner ?? '',
        maxSize: params.maxSize ?? config.roomMaxSize,
      });
      warnIfRoomName(reply, body);
      return reply.code(201).send(presentCreatedRoom(config, room));
    },
  );

  app.get(
    '/rooms',
    {
      config: { auth: 'hawk' },
      schema: {
        summary: "The user's rooms, then those deleted since `version`",
        tags: TAGS,
        security: HAWK,
        querystring: ListQuery,
        response: {
          200: Type.Array(Type.Union([FullRoom, DeletedRoom])),
          ...errorResponses({ ...INVALID_400, ...HAWK_401 }),
        },
      },
    },
    async (request) => {
      const listing = await listRooms(deps, requireSession(request).user, request.query.version);
      return [
        ...listing.rooms.map((room) => presentFullRoom(config, room)),
        ...listing.deletions.map(presentRoomDeletion),
      ];
    },
  );

  app.patch(
    '/rooms',
    {
      config: { auth: 'hawk' },
      preValidation: requireJsonAccept,
      schema: {
        summary: 'Delete several rooms',
        tags: TAGS,
        security: HAWK,
        body: BulkDeleteBody,
        response: {
          207: BulkDeletion('Some rooms were deleted; the outcome per room.'),
          404: BulkDeletion('None of the rooms was deleted; the outcome per room.'),
          ...errorResponses({ ...INVALID_400, ...HAWK_401 }),
        },
      },
    },
    async (request, reply) => {
      const outcomes = await deleteRooms(deps, requireSession(request).user, request.body.deleteRoomTokens);
      const anyDeleted = [...outcomes.values()].includes('deleted');
      return reply.code(anyDeleted ? 207 : 404).send(presentBulkDeletion(outcomes));
    },
  );

  app.get(
    '/rooms/:token',
    {
      config: { auth: 'room' },
      schema: {
        summary: 'A room: public info, or full info for its owner and participants',
        tags: TAGS,
        security: ROOM_CREDENTIALS,
        params: TokenParams,
        response: {
          200: Type.Union([FullRoom, PublicRoom]),
          ...errorResponses({
            ...HAWK_401,
            403: 'Credentials given, but neither the owner nor a participant (errno 999).',
            ...UNKNOWN_ROOM,
          }),
        },
      },
    },
    async (request) => {
      const view = await getRoom(deps, tokenFromPath(request.params), roomCredential(request));
      return view.kind === 'public' ? presentPublicRoom(config, view.room) : presentFullRoom(config, view);
    },
  );

  app.patch(
    '/rooms/:token',
    {
      config: { auth: 'hawk' },
      preValidation: requireJsonAccept,
      schema: {
        summary: "Change a room's fields (only those sent)",
        tags: TAGS,
        security: HAWK,
        params: TokenParams,
        body: AnyObject,
        response: {
          200: ExpiresAt,
          ...errorResponses({ ...INVALID_400, ...HAWK_401, ...OWNER_ONLY, ...UNKNOWN_ROOM }),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as Fields;
      const room = await updateRoom(
        deps,
        requireSession(request).user,
        tokenFromPath(request.params),
        roomParams(body, config),
      );
      warnIfRoomName(reply, body);
      return { expiresAt: room.expiresAtSec };
    },
  );

  app.delete(
    '/rooms/:token',
    {
      config: { auth: 'hawk' },
      schema: {
        summary: 'Delete a room',
        tags: TAGS,
        security: HAWK,
        params: TokenParams,
        response: { 204: NoContent('Deleted.'), ...errorResponses({ ...HAWK_401, ...OWNER_ONLY, ...UNKNOWN_ROOM }) },
      },
    },
    async (request, reply) => {
      await deleteRoom(deps, requireSession(request).user, tokenFromPath(request.params));
      return reply.code(204).send();
    },
  );

  app.post(
    '/rooms/:token',
    {
      config: { auth: 'room' },
      preValidation: requireJsonAccept,
      // Joins only: a refresh every few minutes from each participant is the room's heartbeat, not a flood.
      preHandler: app.rateLimited('roomJoinsPerAddress', (request) => (request.body as Fields).action === 'join'),
      schema: {
        summary: 'Act in a room: join, refresh, status, leave, logDomain',
        description:
          'Body `{action, …}` (docs/rooms.md). `join` (no credentials, Hawk or Basic) answers the provider ' +
          'credentials and `expires`; `refresh` answers `{expires}`; `status`, `leave` and `logDomain` answer 204. ' +
          'Later calls authenticate with Hawk or with `Basic base64(<sessionToken>:)`.',
        tags: TAGS,
        security: ROOM_CREDENTIALS,
        params: TokenParams,
        body: AnyObject,
        response: {
          200: Type.Union([JoinAnswer, RefreshAnswer]),
          204: NoContent('status, leave, logDomain: done.'),
          ...errorResponses({
            400: 'Invalid parameters (107/108), room full (202), client capacity (121), not a participant (203).',
            ...HAWK_401,
            ...UNKNOWN_ROOM,
            410: 'The participation has expired: join again (errno 111).',
          }),
        },
      },
    },
    async (request, reply) => {
      const token = tokenFromPath(request.params);
      const body = request.body as Fields;
      const credential = roomCredential(request);
      switch (actionOf(body)) {
        case 'join':
          return presentJoin(await joinRoom(deps, token, credential, body), config.roomParticipantTtlSec);
        case 'refresh':
          return { expires: (await refreshParticipation(deps, token, credential)).expiresSec };
        case 'status':
          await reportStatus(deps, token, credential, body);
          return reply.code(204).send();
        case 'leave':
          await leaveRoom(deps, token, credential);
          return reply.code(204).send();
        case 'logDomain':
          await logSharedDomains(deps, token, credential, body);
          return reply.code(204).send();
      }
    },
  );
};
