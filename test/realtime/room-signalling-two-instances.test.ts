/**
 * A room's signalling across two Loop instances on one Redis (store and pub/sub on DB 13, flushed first:
 * this file owns it): peers on either instance learn of each other (presence from the others' answers),
 * signals cross to the one peer they name, leaves and the participant expiry (published on either
 * instance) reach everyone, and a page reloaded on the other instance replaces its old connection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { announceRoomParticipantGone } from '../../src/bus/signalling-bus.ts';
import { settle } from '../helpers/json-socket.ts';
import { requireRedis } from '../helpers/requirements.ts';
import { joinRoom, joinWithToken, peersOf, roomSessionId } from '../helpers/room-peers.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances.ts';

const DB = 13;
const offer = { description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };
const answer = { description: { type: 'answer', sdp: 'v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };

if (await requireRedis('room signalling across two instances'))
  void describe('room signalling across two instances over Redis', () => {
    let pair: TwoInstances | undefined;
    let a: TestServer;
    let b: TestServer;

    before(async () => {
      pair = await startTwoInstances(DB);
      ({ a, b } = pair);
      assert.deepEqual([a.deps.eventBus.kind, b.deps.eventBus.kind], ['redis', 'redis']);
    });
    after(async () => {
      await pair?.close();
    });

    void it('Ana on A, Ben on B, Cleo on A: each learns of the others; signals cross; each frame once', async () => {
      const sid = roomSessionId();
      const ana = await joinRoom(a, sid, 'Ana');
      assert.deepEqual(ana.joined.peers, []);
      const ben = await joinRoom(b, sid, 'Ben');
      assert.deepEqual(peersOf(ben.joined), [{ pid: ana.pid, name: 'Ana' }], 'B learnt from A that Ana is there');
      assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
      const cleo = await joinRoom(a, sid, 'Cleo');
      assert.deepEqual(peersOf(cleo.joined), [
        { pid: ana.pid, name: 'Ana' },
        { pid: ben.pid, name: 'Ben' },
      ]);
      assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: cleo.pid, name: 'Cleo' });
      assert.deepEqual(await ben.socket.next(), { type: 'participant-joined', pid: cleo.pid, name: 'Cleo' });

      cleo.socket.send({ type: 'signal', to: ben.pid, data: offer });
      assert.deepEqual(await ben.socket.next(), { type: 'signal', from: cleo.pid, data: offer });
      ben.socket.send({ type: 'signal', to: cleo.pid, data: answer });
      assert.deepEqual(await cleo.socket.next(), { type: 'signal', from: ben.pid, data: answer });
      ana.socket.send({ type: 'signal', to: cleo.pid, data: offer });
      assert.deepEqual(await cleo.socket.next(), { type: 'signal', from: ana.pid, data: offer }, 'same instance');

      ben.socket.send({ type: 'bye' });
      assert.deepEqual(await ana.socket.next(), { type: 'participant-left', pid: ben.pid, reason: 'bye' });
      assert.deepEqual(await cleo.socket.next(), { type: 'participant-left', pid: ben.pid, reason: 'bye' });
      await settle();
      assert.deepEqual(
        [ana.socket.unread, cleo.socket.unread],
        [[], []],
        'each frame once, nothing duplicated by the two instances',
      );
      ana.socket.close();
      cleo.socket.close();
    });

    void it('an expiry published on B closes the expired peer on A and tells the others on both', async () => {
      const sid = roomSessionId();
      const ana = await joinRoom(a, sid, 'Ana');
      const ben = await joinRoom(b, sid, 'Ben');
      assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
      const cleo = await joinRoom(b, sid, 'Cleo');
      assert.equal(peersOf(cleo.joined).length, 2);
      await ana.socket.next();
      await ben.socket.next();
      await announceRoomParticipantGone(b.deps.eventBus, sid, ana.pid);
      assert.deepEqual(await ana.socket.next(), { type: 'error', reason: 'expired' });
      assert.equal((await ana.socket.waitClosed()).code, 4410);
      assert.deepEqual(await ben.socket.next(), { type: 'participant-left', pid: ana.pid, reason: 'expired' });
      assert.deepEqual(await cleo.socket.next(), { type: 'participant-left', pid: ana.pid, reason: 'expired' });
      await settle();
      assert.deepEqual([ben.socket.unread, cleo.socket.unread], [[], []]);
      ben.socket.close();
      cleo.socket.close();
    });

    void it('a page reloaded on the other instance replaces its connection; the others hear a new join, no leave', async () => {
      const sid = roomSessionId();
      const ana = await joinRoom(a, sid, 'Ana');
      const ben = await joinRoom(a, sid, 'Ben');
      assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
      const again = await joinWithToken(b, ben.token);
      assert.deepEqual(peersOf(again.joined), [{ pid: ana.pid, name: 'Ana' }]);
      assert.deepEqual(await ben.socket.next(), { type: 'error', reason: 'replaced' });
      assert.equal((await ben.socket.waitClosed()).code, 4409);
      assert.deepEqual(await ana.socket.next(), { type: 'participant-joined', pid: ben.pid, name: 'Ben' });
      ana.socket.send({ type: 'signal', to: ben.pid, data: offer });
      assert.deepEqual(await again.socket.next(), { type: 'signal', from: ana.pid, data: offer });
      await settle();
      assert.deepEqual(ana.socket.unread, [], 'the replaced connection leaves without a participant-left');
      ana.socket.close();
      again.socket.close();
    });
  });
