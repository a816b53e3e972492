/**
 * The error body every route declares (`{code, errno, error, message}`), one shared schema named `LoopError`
 * (a component of /openapi.json), its errno values taken from the catalogue, and the helper routes use to
 * say which error statuses they answer and why.
 */
import { Type, type TSchema } from 'typebox';
import { CATALOGUE, type Errno } from '../errors/catalogue.ts';

export const LOOP_ERROR_SCHEMA_ID = 'LoopError';

const catalogueTable = [
  '| errno | name | HTTP | meaning |',
  '|---|---|---|---|',
  ...CATALOGUE.map((entry) => `| ${entry.errno} | ${entry.name} | ${entry.statuses.join(', ')} | ${entry.meaning} |`),
].join('\n');

/**
 * Registered once with `app.addSchema`. `errno` is an integer with an `enum`, not a union of literals: the
 * serializer would check each alternative on every error it writes.
 */
export const LoopErrorBody = Type.Object(
  {
    code: Type.Integer({ description: 'The HTTP status, repeated.' }),
    errno: Type.Unsafe<Errno>({
      type: 'integer',
      enum: CATALOGUE.map((entry) => entry.errno),
      description: `The Loop error number (the historical catalogue, spec §2.2):\n\n${catalogueTable}`,
    }),
    error: Type.String({ description: 'The historical error string clients compare against.' }),
    message: Type.String({ description: 'A sentence for people saying what went wrong and what to do.' }),
  },
  {
    $id: LOOP_ERROR_SCHEMA_ID,
    title: 'LoopError',
    additionalProperties: false,
    description: 'Every error. 401 answers carry `WWW-Authenticate` and `Timestamp`; 503 and 429 carry `Retry-After`.',
  },
);

const errorRef = (description: string) => Type.Ref(LOOP_ERROR_SCHEMA_ID, { description });

/**
 * Response entries for the error statuses a route answers, each with why, plus `4xx` (any other client error:
 * a body too large, the wrong content type, Accept refusing JSON, a rate limit) and `5xx` (503 errno 201).
 */
export function errorResponses(described: Readonly<Record<number, string>> = {}): Record<string, TSchema> {
  const responses: Record<string, TSchema> = {};
  for (const [status, description] of Object.entries(described)) responses[status] = errorRef(description);
  responses['4xx'] = errorRef('Any other client error (see the errno).');
  responses['5xx'] = errorRef('A backend failed (503 errno 201, with Retry-After).');
  return responses;
}

/** The common statuses, worded once. */
export const HAWK_401 = { 401: 'Hawk authentication failed or is missing (errno 110).' } as const;
export const INVALID_400 = { 400: 'A parameter is missing (errno 108) or invalid (errno 107).' } as const;

/** A 204: no body (`type: 'null'` tells the document generator there is no content). */
export const NoContent = (description: string) => Type.Unsafe<undefined>({ type: 'null', description });
