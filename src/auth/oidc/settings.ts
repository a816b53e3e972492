import type { Config } from '../../config/schema.ts';

/** What sign-in needs, present only when the operator configured it (config validation makes it all or nothing). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: readonly string[];
  discoveryTtlSec: number;
  jwksCooldownMs: number;
  timeoutMs: number;
}

export function oidcSettingsFrom(config: Config): OidcSettings | null {
  const {
    oidcIssuer: issuer,
    oidcClientId: clientId,
    oidcClientSecret: clientSecret,
    oidcRedirectUri: redirectUri,
  } = config;
  if (issuer === null || clientId === null || clientSecret === null || redirectUri === null) return null;
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri,
    scopes: config.oidcScopes,
    discoveryTtlSec: config.oidcDiscoveryTtlSec,
    jwksCooldownMs: config.oidcJwksCooldownMs,
    timeoutMs: config.oidcTimeoutMs,
  };
}
