/**
 * Errors answered before any route runs, in Loop's JSON shape like every other error: those of Node's HTTP
 * parser (`clientError`: malformed requests, oversized headers, a request that took too long) and those of
 * Fastify's router (`frameworkErrors`: a bad percent-encoding, a path parameter over the router's limit). The
 * request's own text is never echoed: a path or a header may carry a token.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { LoopError } from './loop-error.ts';

/** What the HTTP parser's error codes mean for the client. */
export function parserError(code: string | undefined): LoopError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return LoopError.protocol(431, 'The request headers are larger than the server accepts.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'ERR_HTTP_HEADERS_TIMEOUT':
      return LoopError.protocol(408, 'The request did not arrive in time; the connection is closed.');
    default:
      return LoopError.protocol(400, 'The request is not valid HTTP.');
  }
}

/** The raw response written on the socket: the parser has no request or response object to send through. */
export function rawErrorResponse(error: LoopError): string {
  const body = JSON.stringify(error.toBody());
  const extra = Object.entries(error.headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`
  );
}

interface ParserError extends Error {
  code?: string;
}

/**
 * Fastify's `clientErrorHandler` (Node's `clientError` event): answers in JSON and closes the connection. Nothing
 * is written when the socket is gone or a response has already begun on it (a request timing out after its
 * handler started replying): then the connection is only closed.
 */
export function clientErrorHandler(error: ParserError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !response?.headersSent) socket.write(rawErrorResponse(parserError(error.code)));
  socket.destroy();
}

/** Fastify's `frameworkErrors`: the router's refusals as Loop errors. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const loopError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? LoopError.protocol(414, 'A path segment is longer than the server accepts.')
      : error.code === 'FST_ERR_BAD_URL'
        ? LoopError.protocol(400, 'The path is not a valid URL (bad percent-encoding).')
        : error.statusCode && error.statusCode < 500
          ? LoopError.protocol(error.statusCode, 'The request could not be understood.')
          : LoopError.backend();
  void reply.code(loopError.status).headers(loopError.headers).send(loopError.toBody());
}
