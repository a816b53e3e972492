import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What operators watch, on a registry of its own (so several apps in one test process never collide). */
export interface Metrics {
  registry: Registry;
  callsCreated: Counter<'kind'>;
  pushOutcomes: Counter<'transport' | 'outcome'>;
  pushRetries: Counter<'transport'>;
  pushSeconds: Histogram<'transport' | 'outcome'>;
  providerLatency: Histogram<'provider' | 'operation' | 'outcome'>;
  providerErrors: Counter<'provider' | 'operation' | 'kind'>;
  livekitWebhookEvents: Counter<'event'>;
  httpResponses: Counter<'status_class'>;
  callsFinished: Counter<'state' | 'reason'>;
  progressSockets: Gauge;
  signallingSockets: Gauge;
  userEventSockets: Gauge;
  signallingFramesRelayed: Counter;
  rateLimited: Counter<'limit'>;
}

/** Reasons counted by name; any other client-chosen reason is counted as `other` (labels must stay few). */
const KNOWN_REASONS = new Set([
  'busy',
  'cancel',
  'timeout',
  'closed',
  'answered-elsewhere',
  'reject',
  'media-fail',
  'user-unknown',
]);
export function reasonLabel(reason: string | null): string {
  if (reason === null) return 'none';
  return KNOWN_REASONS.has(reason) ? reason : 'other';
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    callsCreated: new Counter({
      name: 'loop_calls_created_total',
      help: 'Calls created, by kind (link, direct).',
      labelNames: ['kind'],
      registers: [registry],
    }),
    pushOutcomes: new Counter({
      name: 'loop_push_outcomes_total',
      help: 'Push notifications sent, by transport and outcome (delivered, gone, failed).',
      labelNames: ['transport', 'outcome'],
      registers: [registry],
    }),
    pushRetries: new Counter({
      name: 'loop_push_retries_total',
      help: 'Push requests repeated after a 429, a 5xx, a timeout or a network error.',
      labelNames: ['transport'],
      registers: [registry],
    }),
    pushSeconds: new Histogram({
      name: 'loop_push_seconds',
      help: 'Time to deliver one push to one endpoint, retries included.',
      labelNames: ['transport', 'outcome'],
      buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    providerLatency: new Histogram({
      name: 'loop_provider_seconds',
      help: 'Time spent in provider operations.',
      labelNames: ['provider', 'operation', 'outcome'],
      buckets: [0.001, 0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [registry],
    }),
    providerErrors: new Counter({
      name: 'loop_provider_errors_total',
      help: 'Failed provider attempts (retried or not), by provider, operation and kind (timeout, error).',
      labelNames: ['provider', 'operation', 'kind'],
      registers: [registry],
    }),
    livekitWebhookEvents: new Counter({
      name: 'loop_livekit_webhook_events_total',
      help: 'LiveKit webhook events received, by event (`rejected`: bad signature).',
      labelNames: ['event'],
      registers: [registry],
    }),
    callsFinished: new Counter({
      name: 'loop_calls_finished_total',
      help: 'Calls that reached a final state: connected, or terminated (by reason) without having connected.',
      labelNames: ['state', 'reason'],
      registers: [registry],
    }),
    progressSockets: new Gauge({
      name: 'loop_progress_sockets',
      help: 'Open progress websockets on this instance.',
      registers: [registry],
    }),
    signallingSockets: new Gauge({
      name: 'loop_signalling_sockets',
      help: 'Open signalling websockets (built-in provider) on this instance.',
      registers: [registry],
    }),
    userEventSockets: new Gauge({
      name: 'loop_user_event_sockets',
      help: 'Open user events websockets on this instance.',
      registers: [registry],
    }),
    signallingFramesRelayed: new Counter({
      name: 'loop_signalling_frames_relayed_total',
      help: 'Signal frames (offer, answer, candidate) this instance passed on from one peer towards the other.',
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'loop_rate_limited_total',
      help: 'Requests refused with 429 by a per-minute rate limit, by limit (sessions, callsPerAddress, ...).',
      labelNames: ['limit'],
      registers: [registry],
    }),
    httpResponses: new Counter({
      name: 'loop_http_responses_total',
      help: 'HTTP responses by status class.',
      labelNames: ['status_class'],
      registers: [registry],
    }),
  };
}
