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
import { tokenFromPath, TokenParams } from './schemas.ts';

/** Any JSON object (or urlencoded form); its fields are checked by the use case. */
const AnyObject = Type.Object({});
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
    { config: { auth: 'hawk' }, preValidation: requireJsonAccept, schema: { body: AnyObject } },
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

  app.get('/rooms', { config: { auth: 'hawk' }, schema: { querystring: ListQuery } }, async (request) => {
    const listing = await listRooms(deps, requireSession(request).user, request.query.version);
    return [
      ...listing.rooms.map((room) => presentFullRoom(config, room)),
      ...listing.deletions.map(presentRoomDeletion),
    ];
  });

  app.patch(
    '/rooms',
    { config: { auth: 'hawk' }, preValidation: requireJsonAccept, schema: { body: BulkDeleteBody } },
    async (request, reply) => {
      const outcomes = await deleteRooms(deps, requireSession(request).user, request.body.deleteRoomTokens);
      const anyDeleted = [...outcomes.values()].includes('deleted');
      return reply.code(anyDeleted ? 207 : 404).send(presentBulkDeletion(outcomes));
    },
  );

  app.get('/rooms/:token', { config: { auth: 'room' }, schema: { params: TokenParams } }, async (request) => {
    const view = await getRoom(deps, tokenFromPath(request.params), roomCredential(request));
    return view.kind === 'public' ? presentPublicRoom(config, view.room) : presentFullRoom(config, view);
  });

  app.patch(
    '/rooms/:token',
    {
      config: { auth: 'hawk' },
      preValidation: requireJsonAccept,
      schema: { params: TokenParams, body: AnyObject },
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

  app.delete('/rooms/:token', { config: { auth: 'hawk' }, schema: { params: TokenParams } }, async (request, reply) => {
    await deleteRoom(deps, requireSession(request).user, tokenFromPath(request.params));
    return reply.code(204).send();
  });

  app.post(
    '/rooms/:token',
    {
      config: { auth: 'room' },
      preValidation: requireJsonAccept,
      // Joins only: a refresh every few minutes from each participant is the room's heartbeat, not a flood.
      preHandler: app.rateLimited('roomJoinsPerAddress', (request) => (request.body as Fields).action === 'join'),
      schema: { params: TokenParams, body: AnyObject },
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
