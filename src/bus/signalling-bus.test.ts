import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createInProcessEventBus } from './in-process-event-bus.ts';
import { announceRoomParticipantGone, ROOM_SIGNALLING, type RoomSignallingBusMessage } from './signalling-bus.ts';

const signal = { candidate: null };

void describe('room signalling bus messages', () => {
  void it('cross the wire unchanged', () => {
    const messages: RoomSignallingBusMessage[] = [
      { kind: 'join', pid: 'p1', name: 'Ana', conn: 'c1', at: 1 },
      { kind: 'present', pid: 'p2', name: 'Ben', conn: 'c2', at: 2, to: 'c1' },
      { kind: 'leave', pid: 'p2', conn: 'c2', reason: 'bye' },
      { kind: 'leave', pid: 'p2', reason: 'expired' },
      { kind: 'signal', pid: 'p1', conn: 'c1', to: 'p2', data: signal },
    ];
    for (const message of messages) assert.deepEqual(ROOM_SIGNALLING.decode(ROOM_SIGNALLING.encode(message)), message);
  });

  void it('drops anything else', () => {
    for (const raw of [
      '{"kind":"join","pid":"p1","name":"Ana","conn":"c1"}',
      '{"kind":"join","name":"Ana","conn":"c1","at":1}',
      '{"kind":"present","pid":"p2","name":"Ben","conn":"c2","at":2}',
      '{"kind":"leave","pid":"p2","reason":"gone"}',
      '{"kind":"leave","pid":"p2","conn":"","reason":"bye"}',
      '{"kind":"signal","pid":"p1","conn":"c1","data":{"candidate":null}}',
      '{"kind":"signal","pid":"p1","conn":"c1","to":"p2","data":{}}',
      '{"kind":"dance","pid":"p1"}',
      'nope',
    ])
      assert.equal(ROOM_SIGNALLING.decode(raw), null, raw);
  });

  void it("announceRoomParticipantGone publishes an expiry leave on the session's room topic", async () => {
    const bus = createInProcessEventBus();
    const heard: RoomSignallingBusMessage[] = [];
    const subscription = await bus.subscribe(ROOM_SIGNALLING, 'loop_s', (message) => heard.push(message));
    await announceRoomParticipantGone(bus, 'loop_s', 'p7');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(heard, [{ kind: 'leave', pid: 'p7', reason: 'expired' }]);
    await subscription.unsubscribe();
    await bus.close();
  });
});
