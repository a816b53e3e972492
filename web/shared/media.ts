/** Camera and microphone: one request per call, its failure named (plain-words.ts says it to the user). */
import { mediaProblemOf, type MediaProblem } from './plain-words.ts';

export type CallType = 'audio' | 'audio-video';

export type MediaResult = { ok: true; stream: MediaStream } | { ok: false; problem: MediaProblem };

export async function getCallMedia(callType: CallType): Promise<MediaResult> {
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, problem: 'insecure' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: callType === 'audio-video' });
    return { ok: true, stream };
  } catch (error) {
    return { ok: false, problem: mediaProblemOf(error) };
  }
}

export function stopMedia(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
