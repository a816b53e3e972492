/**
 * The issuer's discovery document (OpenID Connect Discovery 1.0), fetched on first use and cached for a
 * while: endpoints rarely move, and every sign-in would otherwise cost one more round trip.
 */
import type { Clock } from '../../clock.ts';
import { identityProviderUnavailable, requestProviderJson } from './provider-http.ts';

export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
  userinfoEndpoint: string | null;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

function parseMetadata(body: Record<string, unknown>, expectedIssuer: string): ProviderMetadata | null {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : null);
  const issuer = text('issuer');
  const authorizationEndpoint = text('authorization_endpoint');
  const tokenEndpoint = text('token_endpoint');
  const jwksUri = text('jwks_uri');
  // The document must name the issuer we were configured with, or its tokens would not be the ones we trust.
  if (!issuer || withoutTrailingSlash(issuer) !== withoutTrailingSlash(expectedIssuer)) return null;
  if (!authorizationEndpoint || !tokenEndpoint || !jwksUri) return null;
  return { issuer, authorizationEndpoint, tokenEndpoint, jwksUri, userinfoEndpoint: text('userinfo_endpoint') };
}

export class DiscoveryCache {
  private cached: { metadata: ProviderMetadata; until: number } | null = null;
  private pending: Promise<ProviderMetadata> | null = null;

  constructor(
    private readonly options: {
      issuer: string;
      ttlSec: number;
      timeoutMs: number;
      clock: Clock;
      onProblem: (problem: string) => void;
    },
  ) {}

  async get(): Promise<ProviderMetadata> {
    if (this.cached && this.cached.until > this.options.clock.now()) return this.cached.metadata;
    // Concurrent sign-ins share one fetch.
    this.pending ??= this.fetch().finally(() => (this.pending = null));
    return this.pending;
  }

  private async fetch(): Promise<ProviderMetadata> {
    const { issuer, timeoutMs, ttlSec, clock } = this.options;
    const url = `${withoutTrailingSlash(issuer)}/.well-known/openid-configuration`;
    const { status, body } = await requestProviderJson(url, {}, timeoutMs);
    const metadata = status === 200 ? parseMetadata(body, issuer) : null;
    if (!metadata) {
      this.options.onProblem(
        `discovery document at ${url} is unusable (status ${status}, or issuer/endpoints missing or different)`,
      );
      throw identityProviderUnavailable();
    }
    this.cached = { metadata, until: clock.now() + ttlSec * 1000 };
    return metadata;
  }
}
