// Each app's icons, drawn from one definition: `src/app/icon.svg` (browsers that take SVG) and
// `src/app/favicon.ico` (16, 32 and 48 px PNGs, for /favicon.ico, which browsers and tools ask for blindly).
// Next's app-router file conventions link both from every page. Run `npx tsx tools/icons.ts` after editing a
// design; tools/icons.test.ts fails while the committed files differ from what this draws.
// Hand-written (a rasteriser for rectangles and circles, a PNG and an ICO writer) so the icons need no image
// tool or extra dependency; the shapes are simple enough that SVG and PNG agree.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { APP_KEYS, type TAppKey } from '@platform/auth';

type TShape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; r: number }
  | { kind: 'circle'; cx: number; cy: number; r: number }
  | { kind: 'ring'; cx: number; cy: number; r: number; width: number };

interface TIconDesign {
  background: string;
  foreground: string;
  /** White shapes on the tile, on a 32 x 32 grid, painted in order. */
  shapes: TShape[];
}

const GRID = 32;
const TILE_RADIUS = 7;

/** The four designs: a coloured rounded tile per app with one pictogram. */
export const ICON_DESIGNS: Record<TAppKey, TIconDesign> = {
  // Rising bars: portfolio and ROI.
  strategy: {
    background: '#4338ca',
    foreground: '#ffffff',
    shapes: [
      { kind: 'rect', x: 7, y: 18, w: 5, h: 7, r: 1 },
      { kind: 'rect', x: 13.5, y: 12, w: 5, h: 13, r: 1 },
      { kind: 'rect', x: 20, y: 7, w: 5, h: 18, r: 1 },
    ],
  },
  // A target: scoring.
  risk: {
    background: '#047857',
    foreground: '#ffffff',
    shapes: [
      { kind: 'ring', cx: 16, cy: 16, r: 8.5, width: 3 },
      { kind: 'circle', cx: 16, cy: 16, r: 3.5 },
    ],
  },
  // A cross: medicine.
  imaging: {
    background: '#0369a1',
    foreground: '#ffffff',
    shapes: [
      { kind: 'rect', x: 12.5, y: 6, w: 7, h: 20, r: 1.5 },
      { kind: 'rect', x: 6, y: 12.5, w: 20, h: 7, r: 1.5 },
    ],
  },
  // A shopping trolley: basket, handle, two wheels.
  retail: {
    background: '#b45309',
    foreground: '#ffffff',
    shapes: [
      { kind: 'rect', x: 4.5, y: 7, w: 6, h: 2.5, r: 1.25 },
      { kind: 'rect', x: 8, y: 7, w: 2.5, h: 6, r: 1.25 },
      { kind: 'rect', x: 9, y: 10, w: 17, h: 9.5, r: 1.5 },
      { kind: 'circle', cx: 12.5, cy: 23.5, r: 2.5 },
      { kind: 'circle', cx: 22.5, cy: 23.5, r: 2.5 },
    ],
  },
};

const num = (v: number) => String(Number(v.toFixed(3)));

export function iconSvg({ design }: { design: TIconDesign }): string {
  const fg = design.foreground;
  const shapes = design.shapes.map((s) => {
    if (s.kind === 'rect') return `<rect x="${num(s.x)}" y="${num(s.y)}" width="${num(s.w)}" height="${num(s.h)}" rx="${num(s.r)}" fill="${fg}"/>`;
    if (s.kind === 'circle') return `<circle cx="${num(s.cx)}" cy="${num(s.cy)}" r="${num(s.r)}" fill="${fg}"/>`;
    return `<circle cx="${num(s.cx)}" cy="${num(s.cy)}" r="${num(s.r)}" fill="none" stroke="${fg}" stroke-width="${num(s.width)}"/>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${GRID} ${GRID}">`,
    `<rect width="${GRID}" height="${GRID}" rx="${TILE_RADIUS}" fill="${design.background}"/>`,
    ...shapes,
    '</svg>',
    '',
  ].join('\n');
}

function insideRoundedRect(px: number, py: number, x: number, y: number, w: number, h: number, r: number): boolean {
  if (px < x || px > x + w || py < y || py > y + h) return false;
  const dx = Math.max(Math.abs(px - (x + w / 2)) - (w / 2 - r), 0);
  const dy = Math.max(Math.abs(py - (y + h / 2)) - (h / 2 - r), 0);
  return dx * dx + dy * dy <= r * r;
}

function inside(shape: TShape, px: number, py: number): boolean {
  if (shape.kind === 'rect') return insideRoundedRect(px, py, shape.x, shape.y, shape.w, shape.h, shape.r);
  const d = Math.hypot(px - shape.cx, py - shape.cy);
  return shape.kind === 'circle' ? d <= shape.r : Math.abs(d - shape.r) <= shape.width / 2;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** RGBA pixels, `size` x `size`, 4 x 4 samples a pixel for smooth edges. */
export function rasterise({ design, size }: { design: TIconDesign; size: number }): Buffer {
  const samples = 4;
  const bg = rgb(design.background);
  const fg = rgb(design.foreground);
  const out = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let covered = 0;
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const px = ((x + (sx + 0.5) / samples) * GRID) / size;
          const py = ((y + (sy + 0.5) / samples) * GRID) / size;
          if (!insideRoundedRect(px, py, 0, 0, GRID, GRID, TILE_RADIUS)) continue;
          const colour = design.shapes.some((s) => inside(s, px, py)) ? fg : bg;
          covered += 1;
          for (let c = 0; c < 3; c += 1) sum[c] = (sum[c] ?? 0) + (colour[c] ?? 0);
        }
      }
      const o = (y * size + x) * 4;
      for (let c = 0; c < 3; c += 1) out[o + c] = covered === 0 ? 0 : Math.round((sum[c] ?? 0) / covered);
      out[o + 3] = Math.round((covered / (samples * samples)) * 255);
    }
  }
  return out;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGBA PNG (no filtering: the images are tiny). */
export function encodePng({ rgba, size }: { rgba: Buffer; size: number }): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO whose images are PNGs (every browser since 2007 reads them). */
export function encodeIco({ images }: { images: { size: number; png: Buffer }[] }): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

export const FAVICON_SIZES = [16, 32, 48] as const;

/** The two files of one app, as they are committed under `apps/<app>/src/app/`. */
export function appIconFiles({ app }: { app: TAppKey }): { 'icon.svg': Buffer; 'favicon.ico': Buffer } {
  const design = ICON_DESIGNS[app];
  const images = FAVICON_SIZES.map((size) => ({ size, png: encodePng({ rgba: rasterise({ design, size }), size }) }));
  return { 'icon.svg': Buffer.from(iconSvg({ design })), 'favicon.ico': encodeIco({ images }) };
}

export const appIconDir = ({ app }: { app: TAppKey }) => path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'apps', app, 'src', 'app');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const app of APP_KEYS) {
    for (const [name, bytes] of Object.entries(appIconFiles({ app }))) {
      const file = path.join(appIconDir({ app }), name);
      fs.writeFileSync(file, bytes);
      console.log(`${path.relative(process.cwd(), file)} (${bytes.length} bytes)`);
    }
  }
}
