/**
 * The behaviour every EventBus must have. `open` returns two buses that stand for two instances sharing
 * the transport (for the in-process bus, the same bus twice); the suite never looks inside them. Call
 * progress is the topic most checks use; a second topic checks that topics stay apart.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CALL_PROGRESS, type CallProgressEvent, type EventBus, type Topic } from '../../src/bus/event-bus.ts';

export interface BusPair {
  a: EventBus;
  b: EventBus;
  close(): Promise<void>;
}
export interface EventBusContractOptions {
  skip?: string | false;
}

const newCallId = () => randomBytes(16).toString('hex');
const event = (
  callId: string,
  state: CallProgressEvent['state'],
  version: number,
  reason: string | null = null,
): CallProgressEvent => ({ callId, state, reason, version });

/** Collects what a listener receives and lets a test wait for a count. */
function collector() {
  const received: CallProgressEvent[] = [];
  const waiters: Array<() => void> = [];
  return {
    received,
    listener: (e: CallProgressEvent) => {
      received.push(e);
      waiters.splice(0).forEach((wake) => wake());
    },
    async waitFor(count: number, timeoutMs = 2000): Promise<CallProgressEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 20);
        });
      }
      return received;
    },
  };
}
/** A second topic, to check that topics are apart; a negative `n` is what its decode refuses. */
interface Note {
  text: string;
  n: number;
}
const NOTES: Topic<Note> = {
  name: 'note',
  encode: (note) => JSON.stringify(note),
  decode(raw) {
    const value = JSON.parse(raw) as Note;
    return value.n >= 0 ? { text: value.text, n: value.n } : null;
  },
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

export function runEventBusContract(
  name: string,
  open: () => Promise<BusPair>,
  options: EventBusContractOptions = {},
): void {
  function spec(title: string, body: (pair: BusPair) => Promise<void>): void {
    void it(title, async () => {
      const pair = await open();
      try {
        await body(pair);
      } finally {
        await pair.close();
      }
    });
  }

  void describe(`EventBus contract: ${name}`, { skip: options.skip }, () => {
    spec('delivers an event, field for field, to a listener of that call on the other instance', async ({ a, b }) => {
      const callId = newCallId();
      const got = collector();
      await b.subscribe(CALL_PROGRESS, callId, got.listener);
      const sent = event(callId, 'terminated', 4, 'answered-elsewhere');
      await a.publish(CALL_PROGRESS, callId, sent);
      assert.deepEqual(await got.waitFor(1), [sent]);
    });

    spec('keeps the order of events published by one instance', async ({ a, b }) => {
      const callId = newCallId();
      const got = collector();
      await b.subscribe(CALL_PROGRESS, callId, got.listener);
      const states = ['alerting', 'connecting', 'half-connected', 'connected'] as const;
      for (const [i, state] of states.entries()) await a.publish(CALL_PROGRESS, callId, event(callId, state, i + 1));
      assert.deepEqual(
        (await got.waitFor(4)).map((e) => e.state),
        [...states],
      );
    });

    spec('delivers to every listener of the call and to no listener of another call', async ({ a, b }) => {
      const callId = newCallId();
      const [one, two, mine, other] = [collector(), collector(), collector(), collector()];
      await b.subscribe(CALL_PROGRESS, callId, one.listener);
      await b.subscribe(CALL_PROGRESS, callId, two.listener);
      await a.subscribe(CALL_PROGRESS, callId, mine.listener);
      await b.subscribe(CALL_PROGRESS, newCallId(), other.listener);
      await a.publish(CALL_PROGRESS, callId, event(callId, 'alerting', 1));
      await Promise.all([one.waitFor(1), two.waitFor(1), mine.waitFor(1)]);
      await settle();
      assert.equal(other.received.length, 0);
      assert.equal(one.received.length, 1, 'delivered once per listener, not once per subscription');
    });

    spec(
      'after unsubscribe a listener receives nothing, and the channel is released with its last listener',
      async ({ a, b }) => {
        const callId = newCallId();
        const [first, second] = [collector(), collector()];
        const before = b.channelCount();
        const s1 = await b.subscribe(CALL_PROGRESS, callId, first.listener);
        const s2 = await b.subscribe(CALL_PROGRESS, callId, second.listener);
        assert.equal(b.channelCount(), before + 1);
        await s1.unsubscribe();
        await s1.unsubscribe();
        assert.equal(b.channelCount(), before + 1, 'one listener is still there');
        await a.publish(CALL_PROGRESS, callId, event(callId, 'alerting', 1));
        await second.waitFor(1);
        await s2.unsubscribe();
        assert.equal(b.channelCount(), before);
        await a.publish(CALL_PROGRESS, callId, event(callId, 'connecting', 2));
        await settle();
        assert.deepEqual(first.received, []);
        assert.equal(second.received.length, 1);
      },
    );

    spec('a listener that throws does not stop delivery to the others', async ({ a, b }) => {
      const callId = newCallId();
      const got = collector();
      await b.subscribe(CALL_PROGRESS, callId, () => {
        throw new Error('listener failure');
      });
      await b.subscribe(CALL_PROGRESS, callId, got.listener);
      await a.publish(CALL_PROGRESS, callId, event(callId, 'alerting', 1));
      await got.waitFor(1);
    });

    spec('subscribing again after the channel was released works', async ({ a, b }) => {
      const callId = newCallId();
      const first = await b.subscribe(CALL_PROGRESS, callId, () => {});
      await first.unsubscribe();
      const got = collector();
      await b.subscribe(CALL_PROGRESS, callId, got.listener);
      await a.publish(CALL_PROGRESS, callId, event(callId, 'alerting', 1));
      await got.waitFor(1);
    });

    spec('concurrent first subscriptions of one call are all live when they resolve', async ({ a, b }) => {
      const callId = newCallId();
      const listeners = [collector(), collector(), collector()];
      await Promise.all(listeners.map((c) => b.subscribe(CALL_PROGRESS, callId, c.listener)));
      await a.publish(CALL_PROGRESS, callId, event(callId, 'alerting', 1));
      await Promise.all(listeners.map((c) => c.waitFor(1)));
    });

    spec(
      "topics are apart: the same key on another topic reaches only that topic's listeners, typed by it",
      async ({ a, b }) => {
        const key = newCallId();
        const progress = collector();
        const notes: Note[] = [];
        await b.subscribe(CALL_PROGRESS, key, progress.listener);
        await b.subscribe(NOTES, key, (note) => notes.push(note));
        await a.publish(NOTES, key, { text: 'hi', n: 1 });
        await a.publish(CALL_PROGRESS, key, event(key, 'alerting', 1));
        await progress.waitFor(1);
        await settle();
        assert.deepEqual(notes, [{ text: 'hi', n: 1 }]);
        assert.deepEqual(
          progress.received.map((e) => e.state),
          ['alerting'],
        );
      },
    );

    spec('a payload its topic cannot decode never reaches a listener', async ({ a, b }) => {
      const key = newCallId();
      const notes: Note[] = [];
      await b.subscribe(NOTES, key, (note) => notes.push(note));
      await a.publish(NOTES, key, { text: 'drop me', n: -1 });
      await a.publish(NOTES, key, { text: 'keep me', n: 2 });
      await settle();
      assert.deepEqual(notes, [{ text: 'keep me', n: 2 }]);
    });

    spec('close drops every listener', async ({ a, b }) => {
      const callId = newCallId();
      const got = collector();
      await b.subscribe(CALL_PROGRESS, callId, got.listener);
      await b.close();
      assert.equal(b.channelCount(), 0);
      if (a !== b) await a.publish(CALL_PROGRESS, callId, event(callId, 'alerting', 1));
      await settle();
      assert.deepEqual(got.received, []);
    });
  });
}
