import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallProgress } from './call-record.ts';
import {
  announcement,
  initialProgress,
  publicState,
  transition,
  type CallEvent,
  type TransitionContext,
} from './call-state.ts';

const timers = { supervisory: 10_000, ringing: 30_000, connection: 10_000 };
const at = (now: number): TransitionContext => ({ now, timers });

/** Applies events in order, failing the test on any refused one. */
function run(events: CallEvent[], start = initialProgress(), now = 0): CallProgress {
  let progress = start;
  for (const event of events) {
    const result = transition(progress, event, at(now));
    assert.ok(result.ok, `refused ${JSON.stringify(event)}: ${result.ok ? '' : result.error}`);
    progress = result.next;
  }
  return progress;
}
function refusal(progress: CallProgress, event: CallEvent, now = 0): string {
  const result = transition(progress, event, at(now));
  assert.equal(result.ok, false, `expected ${JSON.stringify(event)} to be refused`);
  return result.ok ? '' : result.error;
}

const callerHello: CallEvent = { type: 'hello', side: 'caller' };
const calleeHello: CallEvent = { type: 'hello', side: 'callee' };
const accept: CallEvent = { type: 'accept', side: 'callee' };
const alerting = () => run([callerHello, calleeHello]);
const connecting = () => run([callerHello, calleeHello, accept]);

void describe('call state machine', () => {
  void it('walks the happy path init -> half-initiated -> alerting -> connecting -> half-connected -> connected', () => {
    const states: string[] = [];
    let progress = initialProgress();
    for (const event of [
      callerHello,
      calleeHello,
      accept,
      { type: 'media-up', side: 'caller' },
      { type: 'media-up', side: 'callee' },
    ] as CallEvent[]) {
      progress = run([event], progress);
      states.push(progress.state);
    }
    assert.deepEqual(states, ['half-initiated', 'alerting', 'connecting', 'half-connected', 'connected']);
    assert.equal(progress.nextDeadlineAt, null, 'no timer runs once connected');
  });

  void it('a second hello from the same side stays half-initiated and only counts the device', () => {
    const progress = run([callerHello, callerHello]);
    assert.equal(progress.state, 'half-initiated');
    assert.deepEqual(progress.devices, { caller: 2, callee: 0 });
  });

  void it('hello in later states changes nothing but the device count', () => {
    const before = connecting();
    const after = run([calleeHello], before);
    assert.equal(after.state, 'connecting');
    assert.equal(after.devices.callee, before.devices.callee + 1);
  });

  void it('starts the supervisory timer on the first hello and the ringing timer on the callee hello', () => {
    const callerFirst = run([callerHello], initialProgress(), 1000);
    assert.deepEqual(callerFirst.deadlines, { supervisory: 11_000, ringing: null, connection: null });
    assert.equal(callerFirst.nextDeadlineAt, 11_000);
    const both = run([calleeHello], callerFirst, 5000);
    assert.deepEqual(both.deadlines, { supervisory: 11_000, ringing: 35_000, connection: null });
    assert.equal(both.nextDeadlineAt, 35_000, 'in alerting only the ringing timer can fire');
  });

  void it('a later hello does not restart a running timer', () => {
    const progress = run([calleeHello], run([calleeHello], initialProgress(), 0), 4000);
    assert.deepEqual(progress.deadlines, { supervisory: 10_000, ringing: 30_000, connection: null });
  });

  void it('only the callee may accept, and only from alerting', () => {
    assert.equal(
      refusal(alerting(), { type: 'accept', side: 'caller' }),
      'No transition from alerting state with accept event.',
    );
    assert.equal(refusal(run([callerHello]), accept), 'No transition from half-initiated state with accept event.');
    assert.equal(refusal(connecting(), accept), 'No transition from connecting state with accept event.');
  });

  void it('accept starts the connection timer, which keeps running through half-connected', () => {
    const progress = run([accept], alerting(), 2000);
    assert.equal(progress.deadlines.connection, 12_000);
    assert.equal(progress.nextDeadlineAt, 12_000);
    assert.equal(run([{ type: 'media-up', side: 'callee' }], progress).nextDeadlineAt, 12_000);
  });

  void it('media-up is refused before connecting; the same side twice stays half-connected', () => {
    assert.equal(
      refusal(alerting(), { type: 'media-up', side: 'caller' }),
      'No transition from alerting state with media-up event.',
    );
    const twice = run(
      [
        { type: 'media-up', side: 'caller' },
        { type: 'media-up', side: 'caller' },
      ],
      connecting(),
    );
    assert.equal(twice.state, 'half-connected');
  });

  void it('terminate ends any live state with the given reason (or none); terminated stays terminated', () => {
    for (const start of [initialProgress(), run([callerHello]), alerting(), connecting()]) {
      const ended = run([{ type: 'terminate', side: 'caller', reason: 'busy' }], start);
      assert.deepEqual([ended.state, ended.reason, ended.nextDeadlineAt], ['terminated', 'busy', null]);
    }
    const noReason = run([{ type: 'terminate', side: 'callee', reason: null }], alerting());
    assert.deepEqual([noReason.state, noReason.reason], ['terminated', null]);
    const again = transition(noReason, { type: 'terminate', side: 'caller', reason: 'cancel' }, at(0));
    assert.ok(again.ok);
    assert.equal(again.changed, false);
  });

  void it('cancel ends a pending call with reason cancel and is refused once connected', () => {
    assert.deepEqual(run([{ type: 'cancel' }], alerting()).reason, 'cancel');
    const connected = run(
      [
        { type: 'media-up', side: 'caller' },
        { type: 'media-up', side: 'callee' },
      ],
      connecting(),
    );
    assert.equal(refusal(connected, { type: 'cancel' }), 'No transition from connected state with cancel event.');
  });

  void it('the provider ending the session closes the call from any live state, connected included, once', () => {
    const connected = run(
      [
        { type: 'media-up', side: 'caller' },
        { type: 'media-up', side: 'callee' },
      ],
      connecting(),
    );
    for (const start of [initialProgress(), run([callerHello]), alerting(), connecting(), connected]) {
      const ended = run([{ type: 'session-ended' }], start);
      assert.deepEqual([ended.state, ended.reason, ended.nextDeadlineAt], ['terminated', 'closed', null]);
    }
    const cancelled = run([{ type: 'cancel' }], alerting());
    const again = transition(cancelled, { type: 'session-ended' }, at(0));
    assert.ok(again.ok);
    assert.equal(again.changed, false, 'an ended call keeps its first reason');
    assert.equal(again.next.reason, 'cancel');
  });

  void it('the last device of a side leaving a pending call ends it with closed; one of two does not', () => {
    const twoCallees = run([calleeHello], alerting());
    const oneLeft = run([{ type: 'leave', side: 'callee', abandoned: true }], twoCallees);
    assert.equal(oneLeft.state, 'alerting');
    const noneLeft = run([{ type: 'leave', side: 'callee', abandoned: true }], oneLeft);
    assert.deepEqual([noneLeft.state, noneLeft.reason], ['terminated', 'closed']);
  });

  void it('leaving a connected call, or a server-side close, never terminates it (2016 defect)', () => {
    const connected = run(
      [
        { type: 'media-up', side: 'caller' },
        { type: 'media-up', side: 'callee' },
      ],
      connecting(),
    );
    const left = run(
      [
        { type: 'leave', side: 'caller', abandoned: true },
        { type: 'leave', side: 'callee', abandoned: true },
      ],
      connected,
    );
    assert.equal(left.state, 'connected');
    const shutdown = run([{ type: 'leave', side: 'caller', abandoned: false }], alerting());
    assert.equal(shutdown.state, 'alerting');
    assert.equal(shutdown.devices.caller, 0);
  });

  void it('each timer fires only in its states and only once its deadline has passed', () => {
    const half = run([callerHello], initialProgress(), 0);
    assert.equal(run([{ type: 'timeout' }], half, 9_999).state, 'half-initiated');
    assert.deepEqual(run([{ type: 'timeout' }], half, 10_000).reason, 'timeout');

    const ringing = alerting();
    assert.equal(
      run([{ type: 'timeout' }], ringing, 29_999).state,
      'alerting',
      'the supervisory timer no longer applies',
    );
    assert.equal(run([{ type: 'timeout' }], ringing, 30_000).state, 'terminated');

    const connectingCall = connecting();
    assert.equal(run([{ type: 'timeout' }], connectingCall, 10_000).state, 'terminated');
    const connected = run(
      [
        { type: 'media-up', side: 'caller' },
        { type: 'media-up', side: 'callee' },
      ],
      connectingCall,
    );
    assert.equal(run([{ type: 'timeout' }], connected, 1e9).state, 'connected');
  });

  void it('announces public state changes only', () => {
    const start = initialProgress();
    const half = run([callerHello], start);
    assert.equal(announcement(start, half), null, 'half-initiated is internal');
    assert.deepEqual(announcement(half, run([calleeHello], half)), { state: 'alerting', reason: null });
    const ended = run([{ type: 'terminate', side: 'callee', reason: 'busy' }], half);
    assert.deepEqual(announcement(half, ended), { state: 'terminated', reason: 'busy' });
    assert.equal(announcement(ended, ended), null);
    assert.equal(publicState('half-initiated'), 'init');
  });
});
