/**
 * The reference `hawk` package, typed just enough for the tests (the package ships no types). Tests sign
 * with it so that our server is checked against an independent implementation.
 */
import { createRequire } from 'node:module';

export interface RefCredentials {
  id: string;
  key: string;
  algorithm: 'sha256';
}
export interface RefClientOptions {
  credentials: RefCredentials;
  timestamp?: number | string;
  nonce?: string;
  payload?: string;
  contentType?: string;
  hash?: string;
  ext?: string;
  app?: string;
  dlg?: string;
}
export interface RefRequest {
  method: string;
  url: string;
  host: string;
  port: number;
  authorization: string | undefined;
  contentType?: string;
}
export interface RefBoom extends Error {
  isMissing?: boolean;
  output: { statusCode: number; headers: Record<string, string> };
}
export interface HawkReference {
  client: {
    header(uri: string, method: string, options: RefClientOptions): { header: string; artifacts: object };
    authenticate(
      res: { headers: Record<string, string> },
      credentials: RefCredentials,
      artifacts: object,
      options?: { required?: boolean },
    ): unknown;
  };
  server: {
    authenticate(
      req: RefRequest,
      credentialsFunc: (id: string) => Promise<RefCredentials | null>,
      options?: { payload?: string; timestampSkewSec?: number },
    ): Promise<{ credentials: RefCredentials; artifacts: object }>;
    header(credentials: RefCredentials, artifacts: object, options?: { ext?: string }): string;
  };
  crypto: {
    calculateTsMac(ts: number | string, credentials: RefCredentials): string;
    calculatePayloadHash(payload: string, algorithm: string, contentType: string): string;
    generateNormalizedString(type: string, options: object): string;
  };
  utils: {
    parseAuthorizationHeader(header: string | undefined): Record<string, string>;
    setTimeFunction(fn: () => number): void;
  };
}

export const Hawk = createRequire(import.meta.url)('hawk') as HawkReference;
