import type { LoopDeps } from '../deps.ts';
import { measuredProviderCall } from '../providers/measured.ts';
import type { ParticipantCredentials, ProviderSession } from '../providers/provider.ts';

type Deps = Pick<LoopDeps, 'provider' | 'metrics' | 'log'>;

function measured<T>(deps: Deps, operation: string, work: () => Promise<T>): Promise<T> {
  return measuredProviderCall(deps, deps.provider, operation, work);
}

/** A media session with one token per side; any provider failure is 503 errno 201 and nothing is stored. */
export async function createProviderSession(
  deps: Deps,
  channel: string | undefined,
): Promise<{ session: ProviderSession; caller: ParticipantCredentials; callee: ParticipantCredentials }> {
  const session = await measured(deps, 'createSession', () => deps.provider.createSession({ channel }));
  try {
    const [caller, callee] = await measured(deps, 'createToken', () =>
      Promise.all([
        deps.provider.createParticipantToken(session, 'caller'),
        deps.provider.createParticipantToken(session, 'callee'),
      ]),
    );
    return { session, caller, callee };
  } catch (error) {
    // Nothing half-made: a session whose tokens failed is released before the 503 goes out.
    await deps.provider.destroySession?.(session).catch(() => undefined);
    throw error;
  }
}
