/**
 * `node --import tsx bench/sqlite-call-cost.ts [calls]`: the SQLite store operations of one `POST /calls/{token}`
 * (link read, SimplePush and Web Push listings, call insert) in a loop on a file database with its checkpoint
 * worker, timed per operation every 5,000 calls as the calls table grows. In-process, no HTTP: the store's
 * share of the call path, measured alone (under load in the server, cold CPU caches make it dearer).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { initialProgress } from '../src/calls/call-state.ts';
import { systemClock } from '../src/clock.ts';
import { openSqliteStore } from '../src/storage/sqlite/sqlite-store.ts';
import type { CallRecord } from '../src/calls/call-record.ts';

const total = Number(process.argv[2] ?? 30_000);
const REPORT_EVERY = 5_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'loop-sqlite-cost-'));
const store = openSqliteStore({ path: path.join(dir, 'loop.db'), clock: systemClock, sweepIntervalMs: 0 });
const user = randomBytes(16).toString('hex');
const token = 'AAAAAAAAAAA';
const nowSec = Math.floor(Date.now() / 1000);
await store.callUrls.create({
  token,
  user,
  callerId: 'Alice',
  issuer: '',
  subject: null,
  timestampSec: nowSec,
  expiresSec: nowSec + 3600,
});
await store.pushEndpoints.setForDevice(
  user,
  randomBytes(16).toString('hex'),
  { calls: 'http://127.0.0.1:1/push' },
  Date.now() + 3_600_000,
);

/** A record shaped like the server's (a provider token of similar length), built outside the timed part. */
function aCall(): CallRecord {
  return {
    ...initialProgress(),
    callId: randomBytes(16).toString('hex'),
    user,
    callType: 'audio-video',
    subject: null,
    timestampSec: nowSec,
    callerId: 'Alice',
    calleeFriendlyName: '',
    provider: 'builtin',
    apiKey: 'key',
    sessionId: randomBytes(24).toString('base64url'),
    calleeToken: randomBytes(180).toString('base64url'),
    wsCallerToken: randomBytes(16).toString('hex'),
    wsCalleeToken: randomBytes(16).toString('hex'),
    callToken: token,
    urlCreationDateSec: nowSec,
    version: 0,
    expiresAt: Date.now() + 60_000,
  };
}

const steps = {
  'link read': () => store.callUrls.get(token),
  'SimplePush list': () => store.pushEndpoints.listForUser(user, 'calls'),
  'Web Push list': () => store.pushEndpoints.listWebPushForUser(user, 'calls'),
} as const;
const spentNs = new Map<string, bigint>();
const add = (name: string, since: bigint) =>
  spentNs.set(name, (spentNs.get(name) ?? 0n) + process.hrtime.bigint() - since);
try {
  for (let i = 1; i <= total; i++) {
    for (const [name, step] of Object.entries(steps)) {
      const start = process.hrtime.bigint();
      await step();
      add(name, start);
    }
    const record = aCall();
    const start = process.hrtime.bigint();
    await store.calls.create(record);
    add('call insert', start);
    if (i % REPORT_EVERY === 0) {
      console.log(
        `${i} calls stored: ${[...spentNs].map(([name, ns]) => `${name} ${(Number(ns) / 1000 / REPORT_EVERY).toFixed(1)} µs`).join(', ')}`,
      );
      spentNs.clear();
    }
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
