/**
 * The reference deployment (deploy/local/up): nginx terminating TLS in front of two Loop instances on one
 * Redis, coturn as the TURN server. Proves, through the proxy and over verified TLS (the deployment's own
 * CA is trusted, nothing is left unverified): the seed's flow; the progress and signalling websockets (WSS);
 * a call between two Chromium contexts restricted to relay candidates, so that media provably goes through
 * coturn (the selected pair is `relay`, coturn logs the allocations, so coturn accepted Loop's credentials);
 * and a rolling stop: SIGTERM to one instance under load, no request lost, new ones on the other instance.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { waitForDecodedVideo, waitForStatus } from '../helpers/browser.ts';
import { startLinkCall } from '../helpers/calls.ts';
import { JsonSocket } from '../helpers/json-socket.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { alertingCall } from '../helpers/progress-client.ts';
import { ownIPv4, startReferenceDeployment, type ReferenceDeployment } from '../helpers/reference-deployment.ts';
import { relayOnly, selectedCandidatePair } from '../helpers/relay-only.ts';
import { CHROMIUM_PATH, requireBinaries, requireChromium, requireThat } from '../helpers/requirements.ts';
import { aliceCalls, bobMakesLink, closeAll } from '../helpers/web-parties.ts';

const DEBIAN = {
  nginx: 'nginx',
  turnserver: 'coturn',
  turnutils_uclient: 'coturn',
  openssl: 'openssl',
  'redis-server': 'redis-server',
  curl: 'curl',
};
const address = ownIPv4();

/** base64(SHA-256(SPKI)) of the server certificate: Chromium accepts exactly this key, nothing else. */
function spkiHash(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

async function launchTrusting(serverPem: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--ignore-certificate-errors-spki-list=${spkiHash(serverPem)}`,
    ],
  });
}

interface Outcome {
  status: number | string;
  at: number;
}

/** Workers sending POST /registration and GET /calls/{token} back to back until `until`. */
/**
 * Four workers alternating a POST (a device's re-registration, Hawk-signed: an existing session is not
 * minted, so the per-address session limit does not count it) and a GET, until `until`.
 */
async function steadyLoad(url: string, callToken: string, until: number, workers = 4): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const devices = await Promise.all(
    Array.from({ length: workers }, async () => {
      const device = new LoopClient(url);
      assert.equal((await device.register()).status, 200);
      return device;
    }),
  );
  await Promise.all(
    devices.map(async (device, worker) => {
      for (let i = 0; Date.now() < until; i += 1) {
        const post = (i + worker) % 2 === 0;
        try {
          const response = post
            ? await device.request('POST', '/registration', { body: {} })
            : await fetch(`${url}/calls/${callToken}`, { headers: { accept: 'application/json' } });
          if (!post) await (response as Response).arrayBuffer();
          outcomes.push({ status: response.status, at: Date.now() });
        } catch (error) {
          outcomes.push({
            status: String((error as { cause?: { code?: string } }).cause?.code ?? error),
            at: Date.now(),
          });
        }
      }
    }),
  );
  return outcomes;
}

async function waitForExit(pid: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
    await sleep(50);
  }
}

const ready =
  requireBinaries('reference deployment', DEBIAN) &&
  requireChromium('reference deployment: relayed call') &&
  requireThat(
    'reference deployment',
    address ? null : 'this machine has no non-loopback IPv4 address for coturn and ICE',
  );

if (ready && address) {
  void describe('the reference deployment: nginx + TLS, two instances on Redis, coturn', () => {
    let deployment: ReferenceDeployment;
    before(async () => {
      deployment = await startReferenceDeployment(address);
      // Trust the deployment's CA in this process (fetch and ws both verify against the default CAs).
      tls.setDefaultCACertificates([...tls.getCACertificates('default'), deployment.caPem]);
    });
    after(() => deployment?.down());

    void it("serves the seed's flow over HTTPS, on both instances", async () => {
      const { url } = deployment;
      assert.match(url, /^https:\/\//);
      const bob = new LoopClient(url);
      assert.equal((await bob.register()).status, 200);
      const link = await bob.request<{ callUrl: string; callToken: string }>('POST', '/call-url', {
        body: { callerId: 'Alice', issuer: 'Bob' },
      });
      assert.equal(link.status, 200, 'Hawk verifies through the proxy (Host and port kept)');
      assert.equal(link.body.callUrl, `${url}/c/${link.body.callToken}`, 'links use the public https URL');
      const alice = new LoopClient(url);
      const info = await alice.request<{ calleeFriendlyName: string }>('GET', `/calls/${link.body.callToken}`);
      assert.equal(info.body.calleeFriendlyName, 'Bob');
      const call = await alice.request<{ callId: string; progressURL: string; iceServers: Array<{ urls: string[] }> }>(
        'POST',
        `/calls/${link.body.callToken}`,
        { body: { callType: 'audio-video' } },
      );
      assert.equal(call.status, 200);
      assert.equal(call.body.progressURL, `${url.replace('https:', 'wss:')}/websocket`);
      assert.ok(call.body.iceServers.some((server) => server.urls.some((u) => u.startsWith(`turn:${address}:`))));
      const listed = await bob.request<{ calls: Array<{ callId: string }> }>('GET', '/calls?version=0');
      assert.deepEqual(
        listed.body.calls.map((item) => item.callId),
        [call.body.callId],
      );
      // nginx spread these requests over both instances: sessions, nonces and links are shared through Redis.
      const upstreams = new Set(deployment.read('nginx/access.log').match(/upstream=127\.0\.0\.1:\d+/g));
      assert.equal(upstreams.size, 2, `both instances served requests: ${[...upstreams].join(' ')}`);
    });

    void it('carries the progress websocket through the proxy (WSS), across instances', async () => {
      const { call, caller, callee } = await alertingCall(deployment.url);
      assert.match(call.progressURL, /^wss:\/\//);
      caller.action('terminate', 'cancel');
      assert.deepEqual(await callee.next(), { messageType: 'progress', state: 'terminated', reason: 'cancel' });
      caller.socket.close();
      callee.socket.close();
    });

    void it('relays signalling through the proxy (WSS), with TURN servers on the public address', async () => {
      const call = await startLinkCall(deployment.url);
      const signallingUrl = `${deployment.url.replace('https:', 'wss:')}/signalling`;
      const caller = await JsonSocket.open(signallingUrl);
      caller.send({ type: 'join', token: call.callerAnswer.sessionToken });
      const joined = await caller.next();
      assert.equal(joined.type, 'joined');
      const ice = joined.iceServers as Array<{ urls: string[]; username?: string }>;
      const turnUdp = new RegExp(`^turn:${address.replace(/\./g, '\\.')}:\\d+\\?transport=udp$`);
      assert.ok(
        ice.some((server) => server.username && server.urls.some((u) => turnUdp.test(u))),
        JSON.stringify(ice),
      );
      const callee = await JsonSocket.open(signallingUrl);
      callee.send({ type: 'join', token: call.calleeItem.sessionToken });
      assert.equal((await callee.next()).type, 'joined');
      assert.deepEqual(await caller.next(), { type: 'peer-joined', role: 'callee' });
      const offer = { description: { type: 'offer', sdp: 'v=0\r\n' } };
      caller.send({ type: 'signal', data: offer });
      assert.deepEqual(await callee.next(), { type: 'signal', data: offer });
      caller.socket.close();
      callee.socket.close();
    });

    void it('connects a browser call through coturn only (iceTransportPolicy relay)', async () => {
      const browser = await launchTrusting(deployment.serverPem);
      try {
        const relayBrowser = relayOnly(browser);
        const { bob, link } = await bobMakesLink(relayBrowser, deployment.url);
        assert.ok(link.startsWith(`${deployment.url}/c/`));
        const { alice } = await aliceCalls(relayBrowser, link);
        await bob.getByRole('heading', { name: 'Alice is calling' }).waitFor();
        await bob.getByRole('button', { name: 'Answer', exact: true }).click();
        await Promise.all([waitForDecodedVideo(alice, 30_000), waitForDecodedVideo(bob, 30_000)]);
        await waitForStatus(alice, /In call with Bob/);
        for (const page of [alice, bob]) {
          const pair = await selectedCandidatePair(page);
          assert.deepEqual(
            { local: pair?.local, remote: pair?.remote },
            { local: 'relay', remote: 'relay' },
            'media flows between two coturn relay addresses',
          );
          assert.equal(pair?.localAddress, address);
        }
        // coturn checked the HMAC of Loop's credentials (`<expiry>:<20 hex>`) itself and allocated relays for them
        // (the unauthenticated first ALLOCATE of each session is answered 401 by design: that is the challenge).
        const turnLog = deployment.read('coturn/turnserver.log');
        const allocated = turnLog.match(/user <\d+:[0-9a-f]{20}>: incoming packet ALLOCATE processed, success/g) ?? [];
        assert.ok(allocated.length >= 2, `coturn allocated relays for both peers:\n${turnLog.slice(-2000)}`);
        assert.doesNotMatch(turnLog, /user <\d+:[0-9a-f]{20}>: incoming packet ALLOCATE processed, error/);
        await alice.getByRole('button', { name: 'Hang up' }).click();
        await waitForStatus(bob, /The other person hung up/);
        await closeAll(alice, bob);
      } finally {
        await browser.close();
      }
    });

    void it('coturn refuses a credential signed with another secret', () => {
      const turnUrl = /turn:([\d.]+):(\d+)/.exec(deployment.read('loop-1/config.json'));
      assert.ok(turnUrl);
      const [, host = '', port = ''] = turnUrl;
      const args = ['-y', '-n', '1', '-u', 'intruder', '-p', port, host];
      const refused = spawnSync('turnutils_uclient', ['-W', 'not-the-secret', ...args], { timeout: 15_000 });
      assert.notEqual(refused.status, 0, 'no allocation with a wrong secret');
      assert.match(
        deployment.read('coturn/turnserver.log'),
        /user <\d+:intruder>: incoming packet message processed, error 401/,
      );
    });

    void it('SIGTERM to one instance under load: no request lost, new ones go to the other', async () => {
      const { url } = deployment;
      const { callToken } = await (async () => {
        const bob = new LoopClient(url);
        await bob.register();
        const made = await bob.request<{ callToken: string }>('POST', '/call-url', { body: { callerId: 'Alice' } });
        return { callToken: made.body.callToken };
      })();
      const started = Date.now();
      const load = steadyLoad(url, callToken, started + 4000);
      await sleep(1000);
      const signalledAt = Date.now();
      process.kill(deployment.pidOf(1), 'SIGTERM');
      const outcomes = await load;
      await waitForExit(deployment.pidOf(1));
      const failed = outcomes.filter((outcome) => outcome.status !== 200);
      assert.deepEqual(failed, [], `every request answered 200 (of ${outcomes.length})`);
      assert.ok(
        outcomes.filter((outcome) => outcome.at > signalledAt + 500).length > 20,
        'the load went on after the signal',
      );

      // Instance 1 stopped cleanly; after its drain, nginx sent everything to instance 2.
      const log1 = deployment.read('loop-1/loop.log');
      assert.match(log1, /"msg":"stopped: requests answered, pushes settled, store closed"/);
      const [port1, port2] = deployment.loopPorts;
      const accessLog = deployment.read('nginx/access.log');
      const retried = accessLog.match(/upstream=127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+ /g)?.length ?? 0;
      process.stdout.write(
        `# rolling stop: ${outcomes.length} requests, all 200; ${retried} retried by nginx on the other instance\n`,
      );
      const lastLines = accessLog.trim().split('\n').slice(-20);
      for (const line of lastLines)
        assert.match(line, new RegExp(`upstream=(127\\.0\\.0\\.1:${port1}, )?127\\.0\\.0\\.1:${port2} `));
    });
  });
}
