/**
 * A room owner as the notification tests need one: a Loop client whose devices registered SimplePush URLs
 * for both topics (on a local SimplePush sink) and, optionally, Web Push subscriptions, plus its open app's
 * events websocket. `user` is the owner key rooms are stored under.
 */
import assert from 'node:assert/strict';
import { hawkIdHmac } from '../../src/auth/sessions.ts';
import type { PushTopic } from '../../src/push/push-targets.ts';
import type { SimplePushServer } from '../fakes/simplepush-server.ts';
import type { BrowserSubscription } from '../fakes/webpush-browser.ts';
import { LoopClient } from '../../tools/loop-client.ts';
import { JsonSocket, type JsonFrame } from './json-socket.ts';
import type { TestServer } from './test-server.ts';

let devices = 0;

export interface OwnerDevice {
  client: LoopClient;
  /** SimplePush paths on the sink, per topic. */
  paths: Record<PushTopic, string>;
}

/** Registers a device's SimplePush URLs for both topics (and a Web Push subscription, if given) on `client`. */
export async function registerDevice(
  client: LoopClient,
  sink: SimplePushServer,
  webPush?: { browser: BrowserSubscription; topics: PushTopic[] },
): Promise<OwnerDevice> {
  devices += 1;
  const paths = { calls: `/device-${devices}/calls`, rooms: `/device-${devices}/rooms` };
  const body = {
    simplePushURLs: { calls: sink.endpoint(paths.calls), rooms: sink.endpoint(paths.rooms) },
    ...(webPush ? { webPushSubscription: { ...webPush.browser.toJSON(), topics: webPush.topics } } : {}),
  };
  const response = client.sessionToken
    ? await client.request('POST', '/registration', { body })
    : await client.register(body);
  assert.equal(response.status, 200, response.text);
  return { client, paths };
}

/** An anonymous owner on one device: its owner key is its session's hawkIdHmac. */
export async function anonymousOwner(
  server: TestServer,
  sink: SimplePushServer,
): Promise<OwnerDevice & { user: string }> {
  const device = await registerDevice(new LoopClient(server.url), sink);
  return { ...device, user: hawkIdHmac(server.deps.secrets, device.client.credentials.id) };
}

/** The same session talking to another instance (or the server that replaced the first). */
export function sameSessionOn(client: LoopClient, server: TestServer): LoopClient {
  const other = new LoopClient(server.url);
  other.sessionToken = client.sessionToken;
  return other;
}

/** The owner's open app: a ticket (Hawk), then the events socket after its `hello`. */
export async function openEventsSocket(server: TestServer, client: LoopClient): Promise<JsonSocket> {
  const ticket = await client.request<{ ticket: string }>('POST', '/events/ticket');
  assert.equal(ticket.status, 200, ticket.text);
  const socket = await JsonSocket.open(`${server.url.replace('http:', 'ws:')}/events`);
  socket.send({ type: 'hello', ticket: ticket.body.ticket });
  const hello: JsonFrame = await socket.next();
  assert.equal(hello.type, 'hello');
  return socket;
}
