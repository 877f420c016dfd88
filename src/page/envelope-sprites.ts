import { FRAME_CLASSES, PROTOCOL_COLOURS } from '../draw/palette.js';

/** An envelope's size in the drawing's units (the topology SVG's), before it is scaled to fit the page. */
export const ENVELOPE_W = 11;
export const ENVELOPE_H = 8;

/** One envelope of one protocol's colour, drawn once at the picture's scale: its pixels, as ImageData's RGBA words. */
export interface Sprite {
  readonly pixels: Uint32Array;
  readonly width: number;
  readonly height: number;
  /** Device pixels from the sprite's corner to the envelope's centre. */
  readonly cx: number;
  readonly cy: number;
}

/**
 * Every protocol's envelope, drawn once per scale and outline colour by the
 * canvas, then copied pixel by pixel into one frame buffer at whole device
 * pixels, which goes to the canvas in one putImageData. A storm has ten
 * thousand envelopes on the wires: filled and stroked as paths, the canvas
 * rasterised each anew every animation frame (in software, 90% of a frame's
 * time at 10,000 envelopes: 5 frames a second), and a drawImage per envelope
 * still took 60% (18 frames a second). Each envelope is drawn with the same
 * calls as before; only its placement is rounded to a whole pixel, and where
 * two overlap the later one's pixels replace the earlier's (no blending of
 * their antialiased edges).
 */
export class EnvelopeSprites {
  private sprites: Sprite[] = [];
  private key = '';

  /** The sprites for `scale` device pixels per drawing unit and outline `stroke`, made anew when either changed. */
  at(scale: number, stroke: string): readonly Sprite[] {
    const key = `${scale}/${stroke}`;
    if (key !== this.key) {
      this.key = key;
      this.sprites = FRAME_CLASSES.map((cls) => sprite(PROTOCOL_COLOURS[cls], stroke, scale));
    }
    return this.sprites;
  }
}

function sprite(fill: string, stroke: string, scale: number): Sprite {
  // A pixel of margin each side for the outline's antialiasing.
  const w = Math.ceil(ENVELOPE_W * scale) + 2;
  const h = Math.ceil(ENVELOPE_H * scale) + 2;
  const image = document.createElement('canvas');
  image.width = w;
  image.height = h;
  const ctx = image.getContext('2d', { willReadFrequently: true })!;
  const cx = w / 2;
  const cy = h / 2;
  ctx.setTransform(scale, 0, 0, scale, cx, cy);
  ctx.lineWidth = 1;
  ctx.strokeStyle = stroke;
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.rect(-ENVELOPE_W / 2, -ENVELOPE_H / 2, ENVELOPE_W, ENVELOPE_H);
  ctx.fill();
  ctx.stroke();
  // The flap: what makes a rectangle read as an envelope.
  ctx.beginPath();
  ctx.moveTo(-ENVELOPE_W / 2, -ENVELOPE_H / 2);
  ctx.lineTo(0, 1);
  ctx.lineTo(ENVELOPE_W / 2, -ENVELOPE_H / 2);
  ctx.stroke();
  const pixels = new Uint32Array(ctx.getImageData(0, 0, w, h).data.buffer);
  return { pixels, width: w, height: h, cx: Math.floor(cx), cy: Math.floor(cy) };
}

/** A canvas-sized buffer of RGBA words, cleared and reused frame after frame. */
export class FrameBuffer {
  private image: ImageData | undefined;
  private words = new Uint32Array(0);

  /** The cleared buffer for a canvas of `width` × `height` device pixels. */
  clear(width: number, height: number): void {
    if (this.image?.width !== width || this.image.height !== height) {
      this.image = new ImageData(Math.max(1, width), Math.max(1, height));
      this.words = new Uint32Array(this.image.data.buffer);
    } else this.words.fill(0);
  }

  /** Copies `sprite` with its corner at device pixel (x, y). */
  put(sprite: Sprite, x: number, y: number): void {
    blit(this.words, this.image!.width, this.image!.height, sprite, x, y);
  }

  /** Puts the buffer on the canvas, replacing what it showed. */
  paint(ctx: CanvasRenderingContext2D): void {
    if (this.image) ctx.putImageData(this.image, 0, 0);
  }
}

/**
 * Copies `sprite` into `to`, a `width` × `height` buffer of RGBA words, with
 * its corner at (x, y), clipped to the buffer: its transparent pixels leave
 * what is there, the rest replace it.
 */
export function blit(to: Uint32Array, width: number, height: number, sprite: Sprite, x: number, y: number): void {
  const x0 = Math.max(0, x);
  const x1 = Math.min(width, x + sprite.width);
  const y0 = Math.max(0, y);
  const y1 = Math.min(height, y + sprite.height);
  const from = sprite.pixels;
  for (let row = y0; row < y1; row++) {
    const src = (row - y) * sprite.width - x;
    const dst = row * width;
    for (let col = x0; col < x1; col++) {
      const v = from[src + col]!;
      if (v !== 0) to[dst + col] = v;
    }
  }
}
