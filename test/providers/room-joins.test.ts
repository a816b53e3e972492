/**
 * A room join on each outside provider, over real HTTP against the local fakes: the room's session is made
 * once, with the room, and each join gets a token for it with the owner's moderator/admin role.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jwtVerify, type JWTPayload } from 'jose';
import { LiveKitServer } from '../fakes/livekit-server.ts';
import { OpenTokServer } from '../fakes/opentok-server.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createRoom, guestJoins, joinBody, registered, type JoinAnswer } from '../api/rooms-support.ts';

async function claimsOf(token: string, issuer: string, secret: string): Promise<JWTPayload & Record<string, unknown>> {
  const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], issuer });
  return payload as JWTPayload & Record<string, unknown>;
}

void describe('a room on LiveKit', () => {
  const KEY = 'APIloopRooms';
  const SECRET = 'livekit-rooms-secret-0123456789abcdef';
  let fake: LiveKitServer;
  let server: TestServer;
  before(async () => {
    fake = await new LiveKitServer(KEY, SECRET).start();
    server = await startTestServer({
      env: { LOOP_PROVIDER: 'livekit', LIVEKIT_URL: fake.url, LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET },
    });
  });
  after(async () => {
    await server.close();
    await fake.stop();
  });

  void it('is one LiveKit room of maxSize, kept when empty; identity and name per join, roomAdmin for the owner', async () => {
    const owner = await registered(server);
    const room = await createRoom(owner, { maxSize: 4 });
    assert.equal(fake.rooms.size, 1);
    const [made] = [...fake.rooms.values()];
    assert.equal(made?.maxParticipants, 4);
    assert.ok((made?.emptyTimeout ?? 0) >= 86_400, `emptyTimeout ${made?.emptyTimeout}`);
    const guest = await guestJoins(server, room.roomToken, 'Guest');
    const host = await owner.request<JoinAnswer>('POST', `/rooms/${room.roomToken}`, { body: joinBody('Alice') });
    assert.equal(fake.rooms.size, 1, 'joins reuse the room made with the Loop room');
    assert.equal(guest.body.sessionId, made?.name);
    const guestClaims = await claimsOf(guest.body.sessionToken, KEY, SECRET);
    assert.equal(guestClaims.sub, guest.body.roomConnectionId);
    assert.equal(guestClaims.name, 'Guest');
    assert.deepEqual(
      [(guestClaims.video as Record<string, unknown>).room, (guestClaims.video as Record<string, unknown>).roomAdmin],
      [made?.name, false],
    );
    const hostClaims = await claimsOf(host.body.sessionToken, KEY, SECRET);
    assert.equal((hostClaims.video as Record<string, unknown>).roomAdmin, true);
    assert.equal((guest.body as unknown as { livekitUrl: string }).livekitUrl, fake.url.replace(/^http/, 'ws'));
  });
});

void describe('a room on OpenTok', () => {
  const DEFAULT = { apiKey: '100003', apiSecret: 'rooms-project-secret-0123456789' };
  let fake: OpenTokServer;
  let server: TestServer;
  before(async () => {
    fake = await new OpenTokServer({ [DEFAULT.apiKey]: DEFAULT.apiSecret }).start();
    server = await startTestServer({
      env: {
        LOOP_PROVIDER: 'opentok',
        OPENTOK_API_KEY: DEFAULT.apiKey,
        OPENTOK_API_SECRET: DEFAULT.apiSecret,
        OPENTOK_API_URL: fake.url,
        OPENTOK_MEDIA_MODE: 'routed',
      },
    });
  });
  after(async () => {
    await server.close();
    await fake.stop();
  });

  void it('is one session in the configured media mode; moderator for the owner, publisher with displayName for guests', async () => {
    const owner = await registered(server);
    const room = await createRoom(owner);
    assert.equal(fake.sessions.length, 1);
    assert.equal(fake.sessions[0]?.p2pPreference, 'disabled', 'routed');
    const guest = await guestJoins(server, room.roomToken, 'Guest');
    const host = await owner.request<JoinAnswer>('POST', `/rooms/${room.roomToken}`, { body: joinBody('Alice') });
    assert.equal(fake.sessions.length, 1, 'joins reuse the session made with the room');
    assert.equal(guest.body.apiKey, DEFAULT.apiKey);
    assert.equal(guest.body.sessionId, fake.sessions[0]?.sessionId);
    const guestClaims = await claimsOf(guest.body.sessionToken, DEFAULT.apiKey, DEFAULT.apiSecret);
    assert.equal(guestClaims.role, 'publisher');
    assert.equal(guestClaims.session_id, guest.body.sessionId);
    assert.deepEqual(JSON.parse(String(guestClaims.connection_data)), {
      displayName: 'Guest',
      roomConnectionId: guest.body.roomConnectionId,
    });
    const hostClaims = await claimsOf(host.body.sessionToken, DEFAULT.apiKey, DEFAULT.apiSecret);
    assert.equal(hostClaims.role, 'moderator');
  });
});
