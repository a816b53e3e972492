/**
 * LOOP_STORE_URL, parsed once into what the composition root needs to open the store:
 *   sqlite:<path>
 *   redis://[user:password@]host[:port][/db]        rediss:// for TLS
 *   redis+cluster://[user:password@]h1:p1,h2:p2     rediss+cluster:// for TLS
 * The password stays inside the target; `describe()` gives a form that is safe to log.
 */
export interface RedisNode {
  host: string;
  port: number;
}

export type StoreTarget =
  | { kind: 'sqlite'; path: string }
  | { kind: 'redis'; node: RedisNode; db: number; tls: boolean; username?: string; password?: string }
  | { kind: 'redis-cluster'; nodes: RedisNode[]; tls: boolean; username?: string; password?: string };

export type StoreUrlParse = { ok: true; target: StoreTarget } | { ok: false; problem: string };

const DEFAULT_REDIS_PORT = 6379;
const REDIS_URL = /^(rediss?)(\+cluster)?:\/\/(?:([^@/]*)@)?([^/?#]*)(?:\/([^?#]*))?$/;
const USAGE =
  'must be sqlite:<path>, redis://[user:password@]host:port[/db], rediss://…, or redis+cluster://host:port,host:port';

function parseNode(raw: string): RedisNode | null {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(raw.trim());
  if (!match?.[1]) return null;
  const port = match[2] === undefined ? DEFAULT_REDIS_PORT : Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

function parseCredentials(raw: string | undefined): { username?: string; password?: string } {
  if (raw === undefined || raw === '') return {};
  const colon = raw.indexOf(':');
  const user = decodeURIComponent(colon === -1 ? raw : raw.slice(0, colon));
  const password = colon === -1 ? undefined : decodeURIComponent(raw.slice(colon + 1));
  // `redis://:secret@host` is the classic password-only form (no ACL user).
  if (password === undefined) return { password: user };
  return { ...(user ? { username: user } : {}), password };
}

export function parseStoreUrl(raw: string): StoreUrlParse {
  const trimmed = raw.trim();
  if (trimmed.startsWith('sqlite:')) {
    const path = trimmed.slice('sqlite:'.length);
    return path
      ? { ok: true, target: { kind: 'sqlite', path } }
      : { ok: false, problem: 'sqlite: needs a path (or :memory:)' };
  }
  const match = REDIS_URL.exec(trimmed);
  if (!match) return { ok: false, problem: USAGE };
  const [, scheme, cluster, credentials, hosts = '', dbPart = ''] = match;
  const tls = scheme === 'rediss';
  let auth: { username?: string; password?: string };
  try {
    auth = parseCredentials(credentials);
  } catch {
    return { ok: false, problem: 'has a badly escaped user or password' };
  }
  const nodes = hosts.split(',').map(parseNode);
  if (nodes.length === 0 || nodes.some((node) => node === null))
    return { ok: false, problem: `${USAGE} (bad host list)` };
  const valid = nodes as RedisNode[];
  if (cluster) {
    if (dbPart !== '') return { ok: false, problem: 'a Redis Cluster has only database 0: drop the /db part' };
    return { ok: true, target: { kind: 'redis-cluster', nodes: valid, tls, ...auth } };
  }
  if (valid.length !== 1) return { ok: false, problem: 'several hosts need redis+cluster://' };
  if (!/^\d{0,2}$/.test(dbPart)) return { ok: false, problem: 'the database after / must be a number' };
  return { ok: true, target: { kind: 'redis', node: valid[0] as RedisNode, db: Number(dbPart || 0), tls, ...auth } };
}

/** The target without credentials, for logs and `/__heartbeat__`-style diagnostics. */
export function describeStoreTarget(target: StoreTarget): string {
  const hostPort = (node: RedisNode) => `${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`;
  switch (target.kind) {
    case 'sqlite':
      return `sqlite:${target.path}`;
    case 'redis':
      return `${target.tls ? 'rediss' : 'redis'}://${hostPort(target.node)}/${target.db}`;
    case 'redis-cluster':
      return `${target.tls ? 'rediss' : 'redis'}+cluster://${target.nodes.map(hostPort).join(',')}`;
  }
}
