import type { FastifyError, FastifyInstance } from 'fastify';
import { ProviderError } from '../providers/provider.ts';
import { LoopError } from './loop-error.ts';
import { fieldMessage } from './field-messages.ts';

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** The path of a failing field as clients name it: `simplePushURLs.calls`, `callType`. */
function fieldName(issue: AjvIssue): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (issue.keyword === 'required') return [path, String(issue.params.missingProperty)].filter(Boolean).join('.');
  if (issue.keyword === 'additionalProperties')
    return [path, String(issue.params.additionalProperty)].filter(Boolean).join('.');
  return path || 'body';
}

/** A schema failure becomes 108 when fields are missing, else 107 naming the first invalid field. */
export function validationError(issues: readonly AjvIssue[], context: string): LoopError {
  const missing = issues.filter((issue) => issue.keyword === 'required').map(fieldName);
  if (missing.length > 0) return LoopError.missingParameters([...new Set(missing)]);
  const first = issues[0];
  if (!first) return LoopError.invalidParameters(`Invalid ${context}`);
  const field = fieldName(first);
  return LoopError.invalidParameters(fieldMessage(field) ?? `${field} ${first.message ?? 'is invalid'}`);
}

/** Maps everything thrown in a request to a Loop JSON error; nothing else ever reaches the client. */
function toLoopError(error: FastifyError | Error): LoopError {
  if (error instanceof LoopError) return error;
  // The one place a provider failure becomes the client's answer (503 errno 201).
  if (error instanceof ProviderError)
    return LoopError.backend('The media provider is unavailable; please retry later.');
  const fastifyError = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fastifyError.validation)
    return validationError(fastifyError.validation, fastifyError.validationContext ?? 'request');
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return LoopError.requestTooLarge(0);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return LoopError.unsupportedMediaType();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return LoopError.badJson();
    default:
      // A 4xx from a plugin (@fastify/static's 403 for `..`): its own status and reason phrase, in JSON.
      if (fastifyError.statusCode && fastifyError.statusCode < 500) {
        const status = fastifyError.statusCode;
        return LoopError.protocol(
          status,
          status === 403 ? 'This path is not served.' : 'The request could not be understood.',
        );
      }
      return LoopError.backend();
  }
}

const ROOMS_PATH = /^\/rooms(?:\/|$)/;

export function registerErrorHandlers(app: FastifyInstance, options: { bodyLimitBytes: number }): void {
  // Node's server answers HTTP/1.1 without Host itself, with an empty 400 (requireHostHeader, turned off in
  // app.ts so that it comes here); Hawk signs the host, and HTTP/1.1 requires it (RFC 9112 §3.2).
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1')
      done(LoopError.protocol(400, 'HTTP/1.1 requests must carry a Host header.'));
    else done();
  });
  app.setErrorHandler((error, request, reply) => {
    let loopError = toLoopError(error instanceof Error ? error : new Error(String(error)));
    if (loopError.errno === 113) loopError = LoopError.requestTooLarge(options.bodyLimitBytes);
    if (loopError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ errno: loopError.errno, status: loopError.status }, loopError.error);
    void reply.code(loopError.status).headers(loopError.headers).send(loopError.toBody());
  });

  // The historical server redirected unprefixed unknown paths to /v0; under /v0 it answered 404 errno 999.
  // Under /rooms every answer is JSON: the 2016 rooms client parses the body before it looks at the status.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (!path.startsWith('/v0') && request.method !== 'OPTIONS' && !ROOMS_PATH.test(path)) {
      void reply.code(307).header('location', `/v0${path}`).send();
      return;
    }
    const error = LoopError.notFound();
    void reply.code(error.status).send(error.toBody());
  });
}
