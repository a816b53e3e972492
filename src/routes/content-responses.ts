/**
 * Responses that are not JSON (pages, the service worker, metrics), declared so the document shows them. A
 * string payload with its own content type is sent as it is: Fastify does not run a serializer on it.
 */
import { Type, type TSchema } from 'typebox';

export const contentResponse = (mediaType: string, description: string, schema: object = { type: 'string' }): TSchema =>
  Type.Unsafe<string>({ description, content: { [mediaType]: { schema } } });

export const htmlPage = (description: string): TSchema => contentResponse('text/html', description);
