/**
 * Caps on what one user may hold (live links, rooms), checked by the use case that would create one more.
 * Count-then-create, not atomic: two creations racing at the cap may both pass, so a user can end one or two
 * over it; the cap bounds what a stranger can make the server keep, it is not an exact quota.
 */
import { LoopError } from '../errors/loop-error.ts';

/**
 * Resolves when the user holds fewer than `max` (0: no cap; `count` is then not called), else throws 403
 * errno 117 naming `what` ("live links", "rooms").
 */
export async function assertUnderCap(max: number, what: string, count: () => Promise<number>): Promise<void> {
  if (max > 0 && (await count()) >= max) throw LoopError.limitReached(what, max);
}
