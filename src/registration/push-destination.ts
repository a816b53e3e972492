/**
 * Refuses, when a device registers, a push URL whose host is an IP address Loop will not push to
 * (loopback, private, link-local, …; src/push/endpoint-policy.ts): the client hears at once, instead of every
 * push failing later. Names are not resolved here (an answer now says nothing about the answer at send
 * time): the push agents check the address they connect to.
 */
import { LoopError } from '../errors/loop-error.ts';
import { refusedAddressMessage } from '../errors/field-messages.ts';
import { refusedLiteralHost } from '../push/endpoint-policy.ts';

/** Throws 400 errno 107 naming `field` unless `allowPrivate` or the URL's host is a public address or a name. */
export function assertPushDestination(field: string, endpoint: string, options: { allowPrivate: boolean }): void {
  if (options.allowPrivate) return;
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return; // not a URL: the schema and the transports deal with it, as before
  }
  const kind = refusedLiteralHost(hostname);
  if (kind) throw LoopError.invalidParameters(refusedAddressMessage(field, hostname, kind));
}
