import type { LoggerOptions } from 'pino';
import type { LogLevel } from '../config/schema.ts';

/** Path segments that are capabilities (link and call tokens): masked before a URL reaches a log line. */
const TOKEN_IN_PATH = /\/(c|calls|call-url|rooms)\/[^/?#]+/g;

export function redactUrl(url: string): string {
  return url.replace(TOKEN_IN_PATH, '/$1/[token]').replace(/([?&](?:token|auth|access_token|id_token|code|state|code_verifier)=)[^&]*/gi, '$1[redacted]');
}

/** pino options shared by the server: JSON lines, secrets never written. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization', 'req.headers.cookie', 'req.headers["hawk-session-token"]',
        'res.headers["hawk-session-token"]', '*.sessionToken', '*.websocketToken', '*.authKey', '*.secret',
        // Sign-in: tokens, codes and verifiers from the identity provider, in whichever spelling.
        '*.accessToken', '*.access_token', '*.idToken', '*.id_token', '*.refresh_token', '*.codeVerifier', '*.code_verifier',
        '*.clientSecret', '*.client_secret', '*.encryptedIdentity', '*.encryptedAccessToken',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; hostname?: string }) => ({ method: req.method, url: redactUrl(req.url), host: req.hostname }),
    },
  };
}
