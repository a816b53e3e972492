/**
 * Several Janus servers (`JANUS_INSTANCES`), beside or instead of the single one of `JANUS_URL` /
 * `JANUS_ADMIN_URL` / `JANUS_PUBLIC_URL`, which is the instance named `default`. Each call or room is pinned
 * to one instance, whose name its session id carries (`janus_<room>_<size>_<name>`; none for `default`,
 * so the session ids made before this setting existed still name their Janus): every Loop instance must
 * therefore give every Janus the same name. The API and admin secrets are shared by all of them.
 */
import { httpUrlOrNull, namedEntries } from './parsers.ts';
import type { Config } from './schema.ts';

export interface JanusInstanceSettings {
  /** The HTTP API as Loop reaches it. */
  url: string;
  /** The admin API. */
  adminUrl: string;
  /** The HTTP API as browsers reach it; empty: `url`. */
  publicUrl: string;
}
export type JanusInstances = Record<string, JanusInstanceSettings>;

/** The instance of the single-server settings; its session ids carry no name. */
export const DEFAULT_JANUS = 'default';
/** Names end a session id after an `_`: lower-case letters, digits and `-`, at most 32. */
export const JANUS_NAME = /^[a-z0-9-]{1,32}$/;

/** `{"<name>": {"url": "…", "adminUrl": "…", "publicUrl": "…"}}` (publicUrl optional); empty: none. */
export const parseJanusInstances = namedEntries<JanusInstanceSettings>({
  what: 'instance',
  keys: ['url', 'adminUrl', 'publicUrl'],
  nameProblem: (name) => (JANUS_NAME.test(name) ? null : 'a name is 1 to 32 of a-z, 0-9 and -'),
  problemsOf: (entry) => [
    ...['url', 'adminUrl']
      .filter((key) => httpUrlOrNull(entry[key]) === null)
      .map((key) => `needs ${key}, an http(s) URL`),
    ...(entry.publicUrl !== undefined && httpUrlOrNull(entry.publicUrl) === null
      ? ['publicUrl must be an http(s) URL']
      : []),
  ],
  build: (entry) => ({
    url: httpUrlOrNull(entry.url) ?? '',
    adminUrl: httpUrlOrNull(entry.adminUrl) ?? '',
    publicUrl: httpUrlOrNull(entry.publicUrl) ?? '',
  }),
});

type JanusConfig = Pick<Config, 'janusUrl' | 'janusAdminUrl' | 'janusPublicUrl' | 'janusInstances'>;

/** Every configured Janus by name: `default` from the single-server settings when set, then JANUS_INSTANCES. */
export function janusInstancesOf(config: JanusConfig): JanusInstances {
  const single: JanusInstances =
    config.janusUrl !== ''
      ? {
          [DEFAULT_JANUS]: {
            url: config.janusUrl,
            adminUrl: config.janusAdminUrl,
            publicUrl: config.janusPublicUrl,
          },
        }
      : {};
  return { ...single, ...config.janusInstances };
}
