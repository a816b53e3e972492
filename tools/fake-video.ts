/**
 * A small moving picture for Chromium's fake camera (`--use-file-for-fake-video-capture=FILE.y4m`), shared
 * by the browser tests and `bench:rooms`: the default fake camera is 640x480 at 30 fps, whose encoding and
 * decoding saturate two cores long before five people are in a room. The picture moves (a sliding
 * gradient, a bouncing square, a patch of changing noise), so the encoder has real work and a bitrate.
 */
import { writeFileSync } from 'node:fs';

export interface FakeVideo {
  width: number;
  height: number;
  fps: number;
  /** Frames in the file; Chromium loops it. */
  frames: number;
}

export const SMALL_VIDEO: FakeVideo = { width: 320, height: 240, fps: 15, frames: 45 };

/** Writes a YUV4MPEG2 (4:2:0) file; each participant may pass a different `seed` to tell them apart. */
export function writeFakeVideo(file: string, video: FakeVideo = SMALL_VIDEO, seed = 1): void {
  const { width, height, fps, frames } = video;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const frameHeader = Buffer.from('FRAME\n');
  const lumaSize = width * height;
  const chromaSize = (width / 2) * (height / 2);
  const chunks: Buffer[] = [header];
  let noise = seed * 2654435761;
  for (let f = 0; f < frames; f++) {
    const frame = Buffer.alloc(lumaSize + 2 * chromaSize);
    const square = {
      x: Math.round((width - 40) * Math.abs(Math.sin(f / 9))),
      y: Math.round((height - 40) * (f / frames)),
    };
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let luma = (x + y + f * 4 + seed * 37) & 0xff;
        if (x >= square.x && x < square.x + 40 && y >= square.y && y < square.y + 40) luma = 235;
        if (x < width / 4 && y < height / 4) {
          noise = (noise * 1103515245 + 12345) >>> 0;
          luma = noise >>> 24;
        }
        frame[y * width + x] = luma;
      }
    }
    frame.fill(128 + ((seed * 29) % 64), lumaSize, lumaSize + chromaSize);
    frame.fill(128 - ((seed * 17) % 64), lumaSize + chromaSize);
    chunks.push(frameHeader, frame);
  }
  writeFileSync(file, Buffer.concat(chunks));
}
