/**
 * The server's clock as far as Hawk cares: every answer carries a `Timestamp` header (seconds), and a
 * Hawk request whose `ts` is off by more than the server's skew is refused with 401. Learning the offset
 * from that header lets a client with a wrong local clock sign anyway, as the historical clients did.
 */

/** Offsets smaller than this are noise (request latency, rounding), not a wrong clock. */
const SIGNIFICANT_SEC = 30;

export class ServerClock {
  /** Server time minus ours, seconds. */
  private offsetSec = 0;

  nowSec(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSec;
  }

  get offset(): number {
    return this.offsetSec;
  }

  /** Takes the answer's `Timestamp`; true when it moved the offset enough to explain a refused signature. */
  learn(headers: Headers): boolean {
    const serverSec = Number(headers.get('timestamp'));
    if (!Number.isFinite(serverSec) || serverSec <= 0) return false;
    const offset = serverSec - Math.floor(Date.now() / 1000);
    if (Math.abs(offset - this.offsetSec) <= SIGNIFICANT_SEC) return false;
    this.offsetSec = offset;
    return true;
  }
}
