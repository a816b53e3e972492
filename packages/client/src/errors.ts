/**
 * Every failure the SDK reports: an HTTP error answer of the server (its `{code, errno, error, message}`
 * body, spec §2.2), or no answer at all (status 0). Callers branch on `errno`, the historical catalogue
 * that the OpenAPI document lists under `LoopError`.
 */

/** The server's error body, as `components.schemas.LoopError` describes it. */
export interface LoopErrorBody {
  code: number;
  errno: number;
  error: string;
  message?: string;
}

export class LoopError extends Error {
  override readonly name = 'LoopError';

  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    /** The Loop errno of the error body; null when the answer had none (a proxy's page, a network failure). */
    readonly errno: number | null,
    /** The body's `error`: the status text, or the historical sentence where the 2016 server had one. */
    readonly error: string,
    message: string,
  ) {
    super(message);
  }

  /** The error an answer with `status` and (parsed or raw) `body` stands for. */
  static fromAnswer(status: number, body: unknown, statusText = ''): LoopError {
    const fields = (typeof body === 'object' && body !== null ? body : {}) as Partial<
      Record<keyof LoopErrorBody, unknown>
    >;
    const error = typeof fields.error === 'string' ? fields.error : statusText;
    return new LoopError(
      status,
      typeof fields.errno === 'number' ? fields.errno : null,
      error,
      typeof fields.message === 'string' ? fields.message : error || `HTTP ${status}`,
    );
  }

  /** The server was not reached (offline, DNS, refused connection, CORS): no status, no errno. */
  static network(cause: unknown): LoopError {
    const error = new LoopError(0, null, 'network error', 'network error');
    (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

export const isLoopError = (value: unknown): value is LoopError => value instanceof LoopError;
