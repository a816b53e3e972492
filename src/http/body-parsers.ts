import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoopError } from '../errors/loop-error.ts';

type Done = (error: Error | null, body?: unknown) => void;

function parseJson(request: FastifyRequest, body: string | Buffer, done: Done): void {
  const text = body.toString();
  request.rawBody = text;
  if (text.trim() === '') return done(null, {});
  try {
    done(null, JSON.parse(text));
  } catch {
    done(LoopError.badJson('The body is not valid JSON.'));
  }
}

function parseForm(request: FastifyRequest, body: string | Buffer, done: Done): void {
  const text = body.toString();
  request.rawBody = text;
  done(null, Object.fromEntries(new URLSearchParams(text)));
}

/**
 * JSON and urlencoded bodies (the historical clients sent both). The raw text is kept on the request
 * because Hawk signs it; an empty body reads as `{}` as it did in 2016.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string' }, parseJson);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, parseForm);
}

/** The historical "JSON required" check looks at Accept: a client that refuses JSON gets 406 errno 106. */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]?.trim().toLowerCase() ?? '';
    return type === '*/*' || type === 'application/*' || type === 'application/json' || type.endsWith('+json');
  });
}
