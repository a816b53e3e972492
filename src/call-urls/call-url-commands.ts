import { nowSec } from '../clock.ts';
import type { LoopDeps } from '../deps.ts';
import { LoopError } from '../errors/loop-error.ts';
import type { CallUrlRecord } from './call-url-record.ts';
import { newCallToken } from './call-token.ts';
import { assertUnderCap } from '../limits/user-caps.ts';

type Deps = Pick<LoopDeps, 'store' | 'clock' | 'config'>;

export interface CallUrlFields {
  callerId?: string;
  expiresInHours?: number;
  issuer?: string;
  subject?: string;
}

/** Lifetime in hours, checked against the operator's limit (which is why the schema cannot check it). */
function lifetimeHours(deps: Deps, requested: number | undefined): number {
  const hours = requested ?? deps.config.callUrlTimeoutHours;
  if (!Number.isInteger(hours) || hours <= 0) throw LoopError.invalidParameters('expiresIn should be a valid number');
  if (hours > deps.config.callUrlMaxTimeoutHours) {
    throw LoopError.invalidParameters(`expiresIn should be less than ${deps.config.callUrlMaxTimeoutHours}`);
  }
  return hours;
}

export async function createCallUrl(
  deps: Deps,
  user: string,
  fields: CallUrlFields & { callerId: string },
): Promise<CallUrlRecord> {
  const hours = lifetimeHours(deps, fields.expiresInHours);
  await assertUnderCap(deps.config.maxLinksPerUser, 'live links', () => deps.store.callUrls.countForUser(user));
  const now = nowSec(deps.clock);
  const record: CallUrlRecord = {
    token: newCallToken(),
    user,
    callerId: fields.callerId,
    issuer: fields.issuer ?? '',
    subject: fields.subject ?? null,
    timestampSec: now,
    expiresSec: now + hours * 3600,
  };
  await deps.store.callUrls.create(record);
  return record;
}

/** The caller's own link, or the historical 404s: unknown ("Token not found.") and not yours ("Not Found."). */
async function ownLink(deps: Deps, user: string, token: string): Promise<CallUrlRecord> {
  const record = await deps.store.callUrls.get(token);
  if (!record) throw LoopError.invalidToken();
  if (record.user !== user) throw LoopError.invalidToken('Not Found.');
  return record;
}

/**
 * Changes only the fields sent (2016 replaced the whole record, erasing what was omitted). A new
 * `expiresIn` counts from now.
 */
export async function updateCallUrl(
  deps: Deps,
  user: string,
  token: string,
  fields: CallUrlFields,
): Promise<CallUrlRecord> {
  const current = await ownLink(deps, user, token);
  const now = nowSec(deps.clock);
  const updated: CallUrlRecord = {
    ...current,
    callerId: fields.callerId ?? current.callerId,
    issuer: fields.issuer ?? current.issuer,
    subject: fields.subject ?? current.subject,
    timestampSec: now,
    expiresSec:
      fields.expiresInHours !== undefined
        ? now + lifetimeHours(deps, fields.expiresInHours) * 3600
        : current.expiresSec,
  };
  if (!(await deps.store.callUrls.update(updated))) throw LoopError.invalidToken();
  return updated;
}

/** Revocation: unknown is 404 errno 105; somebody else's link is 403 errno 110, as the spec says. */
export async function revokeCallUrl(deps: Deps, user: string, token: string): Promise<void> {
  const record = await deps.store.callUrls.get(token);
  if (!record) throw LoopError.invalidToken();
  if (record.user !== user) throw LoopError.forbidden();
  await deps.store.callUrls.delete(token);
}

export async function findLiveCallUrl(deps: Pick<LoopDeps, 'store'>, token: string): Promise<CallUrlRecord> {
  const record = await deps.store.callUrls.get(token);
  if (!record) throw LoopError.invalidToken();
  return record;
}
