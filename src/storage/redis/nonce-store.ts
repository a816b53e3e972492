import type { NonceStore } from '../store.ts';
import { keys } from './keys.ts';
import { ttlMs, type RedisContext } from './records.ts';
import { rememberNonce, runScript } from './scripts.ts';

/**
 * Hawk nonces shared by every instance. One script does "SET NX PX" with the store's clock deciding whether
 * an existing key is still live, so a replay is refused by whichever instance it reaches, exactly once.
 */
export class RedisNonceStore implements NonceStore {
  constructor(private readonly ctx: RedisContext) {}

  async remember(key: string, expiresAt: number): Promise<boolean> {
    const now = this.ctx.clock.now();
    const fresh = await runScript(
      this.ctx.redis(),
      rememberNonce,
      [keys.nonce(key)],
      [now, expiresAt, ttlMs(expiresAt, now)],
    );
    return fresh === 1;
  }
}
