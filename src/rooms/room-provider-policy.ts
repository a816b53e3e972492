/**
 * Which provider hosts a room, decided once, at creation, from its `maxSize`. A mesh (the built-in
 * provider) makes every browser send its video once per peer: each uploads (N − 1) × the video bitrate, so
 * past a handful of people the slowest uplink in the room fails everyone. Up to `LOOP_MESH_MAX` people the
 * room stays on `LOOP_PROVIDER`; a larger room goes to the SFU (`LOOP_SFU_PROVIDER`), where each browser
 * uploads once and the server forwards. Without an SFU every room stays on `LOOP_PROVIDER`.
 */
import type { Config } from '../config/schema.ts';
import type { LoopDeps } from '../deps.ts';
import type { Provider } from '../providers/provider.ts';

export type RoomProviderChoice = 'main' | 'sfu';

export function chooseRoomProvider(
  config: Pick<Config, 'meshMax' | 'sfuProvider'>,
  maxSize: number,
): RoomProviderChoice {
  return config.sfuProvider !== null && maxSize > config.meshMax ? 'sfu' : 'main';
}

/** The provider a new room of `maxSize` is made on: the SFU when the policy says so, else the main one. */
export function roomProviderFor(
  deps: Pick<LoopDeps, 'config' | 'provider' | 'sfuProvider'>,
  maxSize: number,
): Provider {
  return chooseRoomProvider(deps.config, maxSize) === 'sfu' && deps.sfuProvider ? deps.sfuProvider : deps.provider;
}

/**
 * The provider that made a stored room's session (`RoomRecord.provider`), for its joins and its end; null
 * when neither configured provider has that name any more (the operator changed them since).
 */
export function providerNamed(deps: Pick<LoopDeps, 'provider' | 'sfuProvider'>, name: string): Provider | null {
  if (deps.provider.name === name) return deps.provider;
  return deps.sfuProvider?.name === name ? deps.sfuProvider : null;
}
