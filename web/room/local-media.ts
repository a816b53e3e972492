/**
 * This person's camera and microphone for a room: one MediaStream that lives from the screen before
 * joining to leaving (its tracks are what the peers receive), the device choice, and the mute / camera
 * toggles (a disabled track: the peers keep the connection and get silence or black frames).
 */
import { mediaProblemOf, type MediaProblem } from '../shared/plain-words.ts';

export type DeviceKind = 'audioinput' | 'videoinput';

export class LocalMedia {
  readonly stream = new MediaStream();
  microphoneOff = false;
  cameraOff = false;

  /** Asks for both, then for what is left; the problem with the first answer, if any (the page says it). */
  async start(): Promise<MediaProblem | null> {
    if (!navigator.mediaDevices?.getUserMedia) return 'insecure';
    let problem: MediaProblem | null = null;
    for (const constraints of [{ audio: true, video: true }, { audio: true }, { video: true }]) {
      try {
        const got = await navigator.mediaDevices.getUserMedia(constraints);
        for (const track of got.getTracks()) this.stream.addTrack(track);
        this.apply();
        return problem;
      } catch (error) {
        problem ??= mediaProblemOf(error);
        if (problem === 'denied' || problem === 'insecure') return problem;
      }
    }
    return problem;
  }

  /** The devices to choose from (labels are known once the browser granted access). */
  async devices(kind: DeviceKind): Promise<MediaDeviceInfo[]> {
    if (!navigator.mediaDevices?.enumerateDevices) return [];
    return (await navigator.mediaDevices.enumerateDevices()).filter((device) => device.kind === kind);
  }

  current(kind: DeviceKind): string | null {
    const track = kind === 'audioinput' ? this.stream.getAudioTracks()[0] : this.stream.getVideoTracks()[0];
    return track?.getSettings().deviceId ?? null;
  }

  /** Switches one device; the new track (already in `stream`) for the peers, or null when it failed. */
  async use(kind: DeviceKind, deviceId: string): Promise<MediaStreamTrack | null> {
    const audio = kind === 'audioinput';
    let track: MediaStreamTrack | undefined;
    try {
      const got = await navigator.mediaDevices.getUserMedia(
        audio ? { audio: { deviceId: { exact: deviceId } } } : { video: { deviceId: { exact: deviceId } } },
      );
      track = got.getTracks()[0];
    } catch {
      return null;
    }
    if (!track) return null;
    for (const old of audio ? this.stream.getAudioTracks() : this.stream.getVideoTracks()) {
      old.stop();
      this.stream.removeTrack(old);
    }
    this.stream.addTrack(track);
    this.apply();
    return track;
  }

  setMicrophoneOff(off: boolean): void {
    this.microphoneOff = off;
    this.apply();
  }

  setCameraOff(off: boolean): void {
    this.cameraOff = off;
    this.apply();
  }

  get hasCamera(): boolean {
    return this.stream.getVideoTracks().length > 0;
  }

  get hasMicrophone(): boolean {
    return this.stream.getAudioTracks().length > 0;
  }

  stop(): void {
    for (const track of this.stream.getTracks()) {
      track.stop();
      this.stream.removeTrack(track);
    }
  }

  private apply(): void {
    for (const track of this.stream.getAudioTracks()) track.enabled = !this.microphoneOff;
    for (const track of this.stream.getVideoTracks()) track.enabled = !this.cameraOff;
  }
}
