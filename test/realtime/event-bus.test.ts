import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CALL_PROGRESS } from '../../src/bus/event-bus.ts';
import { createInProcessEventBus } from '../../src/bus/in-process-event-bus.ts';
import { createRedisEventBus } from '../../src/bus/redis-event-bus.ts';
import { runEventBusContract } from '../contract/event-bus.contract.ts';
import { requireRedis, testRedis } from '../helpers/requirements.ts';

runEventBusContract('in-process', async () => {
  const bus = createInProcessEventBus();
  return { a: bus, b: bus, close: () => bus.close() };
});

if (await requireRedis('Redis event bus')) {
  // Two buses, each with its own connections (as two instances would have), on DB 5. Pub/sub ignores the
  // DB number, so a per-run channel prefix keeps parallel runs apart.
  runEventBusContract('redis', async () => {
    const channelPrefix = `loop-test:${randomBytes(6).toString('hex')}:`;
    const connections = [testRedis(5), testRedis(5), testRedis(5), testRedis(5)] as const;
    const a = createRedisEventBus({ publisher: connections[0], subscriber: connections[1], channelPrefix });
    const b = createRedisEventBus({ publisher: connections[2], subscriber: connections[3], channelPrefix });
    return {
      a,
      b,
      async close() {
        await a.close();
        await b.close();
        await Promise.all(connections.map((c) => c.quit()));
      },
    };
  });

  void describe('Redis event bus specifics', () => {
    void it('UNSUBSCRIBEs the Redis channel when the last listener of a call leaves (2016 leaked them)', async () => {
      const channelPrefix = `loop-test:${randomBytes(6).toString('hex')}:`;
      const [publisher, subscriber, observer] = [testRedis(5), testRedis(5), testRedis(5)];
      const bus = createRedisEventBus({ publisher, subscriber, channelPrefix });
      const numsub = async () =>
        Number(((await observer.call('PUBSUB', 'NUMSUB', `${channelPrefix}call:call-1`)) as [string, number])[1]);
      try {
        const first = await bus.subscribe(CALL_PROGRESS, 'call-1', () => {});
        const second = await bus.subscribe(CALL_PROGRESS, 'call-1', () => {});
        assert.equal(await numsub(), 1, 'one Redis subscription per call, whatever the number of sockets');
        await first.unsubscribe();
        assert.equal(await numsub(), 1);
        await second.unsubscribe();
        assert.equal(await numsub(), 0);
      } finally {
        await bus.close();
        await Promise.all([publisher.quit(), subscriber.quit(), observer.quit()]);
      }
    });
  });
}
