/**
 * Two Loop instances in one process, each with its own connections to one Redis (store on DB 6, pub/sub):
 * a caller on instance A and a callee on instance B follow the same call; timers fire once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLinkCall } from '../helpers/calls.ts';
import { ProgressClient } from '../helpers/progress-client.ts';
import { requireRedis } from '../helpers/requirements.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startTwoInstances, type TwoInstances } from '../helpers/two-instances.ts';

/** This file's Redis database (flushed before the suite). */
const DB = 6;
const wsUrl = (server: TestServer) => `${server.url.replace('http:', 'ws:')}/websocket`;

if (await requireRedis('two instances over Redis'))
  void describe('two instances over the Redis store and event bus', () => {
    let pair: TwoInstances | undefined;
    let a: TestServer;
    let b: TestServer;

    before(async () => {
      pair = await startTwoInstances(DB, {
        LOOP_TIMER_SUPERVISORY: '5',
        LOOP_TIMER_RINGING: '0.5',
        LOOP_TIMER_CONNECTION: '5',
      });
      ({ a, b } = pair);
      assert.deepEqual([a.deps.store.kind, a.deps.eventBus.kind], ['redis', 'redis']);
      assert.notEqual(a.deps.store, b.deps.store);
    });
    after(async () => {
      await pair?.close();
    });

    void it('caller on A, callee on B: alerting, connecting, half-connected, connected on both', async () => {
      const call = await startLinkCall(a.url);
      const caller = await ProgressClient.open(wsUrl(a));
      assert.deepEqual(await caller.hello(call.callId, call.callerToken), { messageType: 'hello', state: 'init' });
      const callee = await ProgressClient.open(wsUrl(b));
      assert.deepEqual(await callee.hello(call.callId, call.calleeToken), { messageType: 'hello', state: 'init' });
      const both = async (state: string) => {
        assert.deepEqual(await caller.next(), { messageType: 'progress', state });
        assert.deepEqual(await callee.next(), { messageType: 'progress', state });
      };
      await both('alerting');
      callee.action('accept');
      await both('connecting');
      caller.action('media-up');
      await both('half-connected');
      callee.action('media-up');
      await both('connected');
      await Promise.all([caller.waitClosed(), callee.waitClosed()]);
    });

    void it('answered elsewhere across instances: callee devices on A and B, the one on B accepts', async () => {
      const call = await startLinkCall(a.url);
      const caller = await ProgressClient.open(wsUrl(b));
      await caller.hello(call.callId, call.callerToken);
      const onA = await ProgressClient.open(wsUrl(a));
      await onA.hello(call.callId, call.calleeToken);
      const onB = await ProgressClient.open(wsUrl(b));
      await onB.hello(call.callId, call.calleeToken);
      assert.equal((await onA.next()).state, 'alerting');
      assert.equal((await caller.next()).state, 'alerting');
      onB.action('accept');
      assert.deepEqual(await onB.next(), { messageType: 'progress', state: 'connecting' });
      assert.deepEqual(await caller.next(), { messageType: 'progress', state: 'connecting' });
      assert.deepEqual(await onA.next(), {
        messageType: 'progress',
        state: 'terminated',
        reason: 'answered-elsewhere',
      });
      caller.action('terminate', 'closed');
      assert.deepEqual(await onB.next(), { messageType: 'progress', state: 'terminated', reason: 'closed' });
    });

    void it('a cancel on B stops the ringing of a callee on A', async () => {
      const call = await startLinkCall(a.url);
      const callee = await ProgressClient.open(wsUrl(a));
      await callee.hello(call.callId, call.calleeToken);
      const response = await fetch(`${b.url}/calls/id/${call.callId}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ websocketToken: call.callerToken }),
      });
      assert.equal(response.status, 204);
      assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'terminated', reason: 'cancel' });
    });

    void it('a ringing timeout reaches sockets on both instances, once', async () => {
      const call = await startLinkCall(a.url);
      const caller = await ProgressClient.open(wsUrl(a));
      await caller.hello(call.callId, call.callerToken);
      const callee = await ProgressClient.open(wsUrl(b));
      await callee.hello(call.callId, call.calleeToken);
      for (const client of [caller, callee]) {
        assert.equal((await client.next()).state, 'alerting');
        assert.deepEqual(await client.next(), { messageType: 'progress', state: 'terminated', reason: 'timeout' });
        await client.waitClosed();
        assert.deepEqual(client.unread, []);
      }
    });

    void it('releases the Redis subscriptions of finished calls on both instances', async () => {
      const deadline = Date.now() + 2000;
      while ((a.deps.eventBus.channelCount() > 0 || b.deps.eventBus.channelCount() > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual([a.deps.eventBus.channelCount(), b.deps.eventBus.channelCount()], [0, 0]);
    });
  });
