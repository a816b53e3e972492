/**
 * The DNS lookup of the push agents: resolves as usual, then keeps only the addresses the endpoint policy
 * allows. Checking when connecting (not only when a URL is registered) covers names that point inside
 * (`localhost`, `metadata.internal`, a name an attacker controls) and names that change after registration
 * (DNS rebinding): the address checked is the address connected to.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { refusedAddressKind } from './endpoint-policy.ts';

/** `code` of the error a refused name gives; push-http maps it to a `failed` delivery, never retried. */
export const REFUSED_ADDRESS = 'ERR_LOOP_REFUSED_ADDRESS';

export type Resolver = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/**
 * A `lookup` for `http.Agent`/`https.Agent`. Addresses that are refused are dropped; a name left with none
 * fails with `code` REFUSED_ADDRESS. Answers both forms Node asks for: one address, or all of them
 * (`all: true`, asked when connections try several addresses, Node's default since v20).
 */
export function publicOnlyLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '');
        return;
      }
      const allowed = addresses.filter((entry) => refusedAddressKind(entry.address) === null);
      const first = allowed[0];
      if (!first) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to no address Loop may push to`);
        refused.code = REFUSED_ADDRESS;
        callback(refused, '');
        return;
      }
      if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}
