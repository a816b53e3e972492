/**
 * Which addresses Loop may push to. Push URLs come from any client, anonymous ones included, and the
 * server then sends requests to them: without this check a caller could make Loop reach its own network
 * (loopback, RFC 1918, cloud metadata at 169.254.169.254, …), a server-side request forgery.
 *
 * Pure: an address in, a refusal kind (or null for a public address) out. Ranges are matched by
 * `net.BlockList`, which also matches IPv4-mapped IPv6 forms (`::ffff:127.0.0.1`) against the IPv4 rules.
 * Refused IPv4 ranges are also refused where IPv6 transition prefixes embed them (NAT64 64:ff9b::/96,
 * 6to4 2002::/16), so a public server on an IPv6-only network with DNS64 still reaches public push services.
 */
import net from 'node:net';

export type RefusedKind = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'shared' | 'multicast' | 'reserved';

type Range = readonly [network: string, prefix: number, kind: RefusedKind];

/** IANA special-purpose IPv4 ranges not reachable on, or not meant for, the public Internet. */
const IPV4: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"; 0.0.0.0 reaches the local host on most systems
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['169.254.0.0', 16, 'link-local'], // incl. 169.254.169.254, the metadata service of most clouds
  ['100.64.0.0', 10, 'shared'], // carrier-grade NAT (RFC 6598)
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments (incl. 192.0.0.192, Oracle Cloud metadata)
  ['192.0.2.0', 24, 'reserved'], // documentation
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast (deprecated)
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // incl. 255.255.255.255, broadcast
];

/** IPv6 ranges refused as a whole. IPv4-mapped (::ffff:0:0/96) needs no entry: BlockList maps it. */
const IPV6: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'], // IPv4-compatible addresses (deprecated), which include :: and ::1 above
  ['64:ff9b:1::', 48, 'private'], // local-use NAT64 (RFC 8215)
  ['100::', 64, 'reserved'], // discard-only
  ['2001::', 32, 'reserved'], // Teredo: the IPv4 address inside is obfuscated, so no finer check
  ['2001:db8::', 32, 'reserved'], // documentation
  ['fc00::', 7, 'private'], // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local (deprecated)
  ['ff00::', 8, 'multicast'],
];

/** `a.b.c.d` as two 16-bit hex groups, to place an IPv4 network inside an IPv6 prefix. */
function ipv4Groups(address: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/** One list per kind, to name a refusal, and `any`, so a public address costs one check rather than seven. */
function buildLists(): { any: net.BlockList; byKind: ReadonlyMap<RefusedKind, net.BlockList> } {
  const any = new net.BlockList();
  const byKind = new Map<RefusedKind, net.BlockList>();
  const add = (kind: RefusedKind, network: string, prefix: number, family: 'ipv4' | 'ipv6'): void => {
    let list = byKind.get(kind);
    if (!list) byKind.set(kind, (list = new net.BlockList()));
    list.addSubnet(network, prefix, family);
    any.addSubnet(network, prefix, family);
  };
  for (const [network, prefix, kind] of IPV4) {
    add(kind, network, prefix, 'ipv4');
    add(kind, `64:ff9b::${ipv4Groups(network)}`, 96 + prefix, 'ipv6'); // NAT64 (RFC 6052)
    add(kind, `2002:${ipv4Groups(network)}::`, 16 + prefix, 'ipv6'); // 6to4 (RFC 3056)
  }
  for (const [network, prefix, kind] of IPV6) add(kind, network, prefix, 'ipv6');
  return { any, byKind };
}

const LISTS = buildLists();
/** In order: the first matching kind names the refusal (`::1` is loopback before it is IPv4-compatible). */
const ORDER: readonly RefusedKind[] = [
  'unspecified',
  'loopback',
  'private',
  'link-local',
  'shared',
  'multicast',
  'reserved',
];

/** Why Loop must not push to this IP address, or null when it is public. Not an IP address: 'reserved'. */
export function refusedAddressKind(address: string): RefusedKind | null {
  const version = net.isIP(address);
  if (version === 0) return 'reserved';
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (!LISTS.any.check(address, family)) return null;
  return ORDER.find((kind) => LISTS.byKind.get(kind)?.check(address, family)) ?? 'reserved';
}

/** A URL's `hostname` as an IP address (IPv6 without its brackets), or null when it is a name. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return net.isIP(bare) === 0 ? null : bare;
}

/**
 * For a URL's `hostname` (WHATWG-normalised: `0x7f.1` and `2130706433` are already `127.0.0.1`): why it is
 * refused when it is an IP address, null when it is public or a name (names are checked when resolved).
 */
export function refusedLiteralHost(hostname: string): RefusedKind | null {
  const address = literalAddress(hostname);
  return address === null ? null : refusedAddressKind(address);
}
