/** The part of the `opentok` 2.23 SDK (CommonJS, untyped) that Loop uses. */
declare module 'opentok' {
  namespace OpenTok {
    type Role = 'publisher' | 'subscriber' | 'moderator' | 'publisheronly';
    interface ClientOptions {
      apiUrl?: string;
      /** Accepted, but not applied to requests by 2.23 (see providers/attempts.ts). */
      timeout?: number;
    }
    interface SessionOptions {
      mediaMode?: 'relayed' | 'routed';
      archiveMode?: 'manual' | 'always';
    }
    interface Session {
      sessionId: string;
    }
    interface TokenOptions {
      role?: Role;
      /** Seconds since the epoch. */
      expireTime?: number;
      data?: string;
    }
    interface ListArchivesOptions {
      count?: number;
      offset?: number;
    }
  }
  class OpenTok {
    constructor(apiKey: string, apiSecret: string, options?: OpenTok.ClientOptions);
    readonly apiKey: string;
    createSession(
      options: OpenTok.SessionOptions,
      callback: (error: Error | null, session?: OpenTok.Session) => void,
    ): void;
    generateToken(sessionId: string, options?: OpenTok.TokenOptions): string;
    listArchives(
      options: OpenTok.ListArchivesOptions,
      callback: (error: Error | null, archives?: unknown[], total?: number) => void,
    ): void;
  }
  export = OpenTok;
}
