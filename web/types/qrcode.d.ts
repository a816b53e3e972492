/**
 * The part of the `qrcode` package the app uses (its browser build). Declared here rather than taken from
 * @types/qrcode, whose Node stream types would pull Node's globals into the browser program.
 */
declare module 'qrcode' {
  interface RenderOptions {
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    margin?: number;
    width?: number;
    color?: { dark?: string; light?: string };
  }
  const QRCode: {
    toCanvas(canvas: HTMLCanvasElement, text: string, options?: RenderOptions): Promise<void>;
  };
  export default QRCode;
}
