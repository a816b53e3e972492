/**
 * A participation's key within its room (`participantHmac`): a keyed hash, so the store never holds what
 * identifies the joiner. A joiner with a Hawk session is keyed by that session (its hawkIdHmac): every
 * device is its own participation, and a rejoin from the same device replaces it. An anonymous joiner is
 * keyed by the provider token it was given, which doubles as its Basic credential (spec §3.6).
 */
import type { Secrets } from '../config/secrets.ts';
import { keyedHash } from '../crypto/keyed-hash.ts';

type KeyDeps = { secrets: Pick<Secrets, 'userMacSecret'> };

export function sessionParticipantHmac(deps: KeyDeps, hawkIdHmac: string): string {
  return keyedHash(deps.secrets.userMacSecret, `room-participant/session\n${hawkIdHmac}`);
}

export function tokenParticipantHmac(deps: KeyDeps, providerToken: string): string {
  return keyedHash(deps.secrets.userMacSecret, `room-participant/token\n${providerToken}`);
}
