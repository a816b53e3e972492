/**
 * A SimplePush endpoint for tests: real HTTP on 127.0.0.1, records every request and answers with the
 * status the test chooses per path (200 by default).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArrivalLog } from '../helpers/arrival-log.ts';

export interface ReceivedPush {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
  at: number;
}

export class SimplePushServer {
  private readonly log = new ArrivalLog<ReceivedPush>();
  /** Every request received, oldest first. */
  readonly received: ReceivedPush[] = this.log.items;
  private readonly statusByPath = new Map<string, number>();
  private readonly queuedByPath = new Map<string, number[]>();
  private readonly delayByPath = new Map<string, number>();
  /** When each answer left, in order: a slow endpoint's pushes arrive long before they are answered. */
  readonly answeredAt: number[] = [];
  private server = http.createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      this.log.record({
        method: request.method ?? '',
        path,
        contentType: request.headers['content-type'],
        body,
        at: Date.now(),
      });
      response.statusCode = this.queuedByPath.get(path)?.shift() ?? this.statusByPath.get(path) ?? 200;
      const answer = () => response.end(() => this.answeredAt.push(Date.now()));
      const delayMs = this.delayByPath.get(path);
      if (delayMs === undefined) answer();
      else setTimeout(answer, delayMs);
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  endpoint(path: string): string {
    return `${this.url}${path}`;
  }

  answer(path: string, status: number): void {
    this.statusByPath.set(path, status);
  }

  /** Holds each answer to `path` for `ms` (a slow push service: the push is in flight that long). */
  delay(path: string, ms: number): void {
    this.delayByPath.set(path, ms);
  }

  /** Answers the next requests to `path` with these statuses, in order, then as `answer` set (or 200). */
  answerNext(path: string, ...statuses: number[]): void {
    this.queuedByPath.set(path, [...(this.queuedByPath.get(path) ?? []), ...statuses]);
  }

  to(path: string): ReceivedPush[] {
    return this.received.filter((push) => push.path === path);
  }

  /** Resolves once `count` requests have arrived in all, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs = 5000): Promise<ReceivedPush[]> {
    return this.log.waitFor(count, timeoutMs);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
