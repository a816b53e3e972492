/** Polling for a condition a test cannot await directly (a log line, a push, a port freed). */
import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `condition` every 20 ms; fails after `timeoutMs` naming `what`. */
export async function eventually(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
