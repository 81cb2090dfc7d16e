import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { APP_KEYS } from '@platform/auth';
import { appIconDir, appIconFiles, FAVICON_SIZES, ICON_DESIGNS } from './icons';

/** Reads an ICO of PNG images back with nothing from the writer: sizes and RGBA pixels. */
function readIco(ico: Buffer): { size: number; pixel: (x: number, y: number) => number[] }[] {
  expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const e = 6 + 16 * i;
    const png = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const size = png.readUInt32BE(16);
    expect(png.readUInt32BE(20)).toBe(size);
    expect(ico.readUInt8(e)).toBe(size);
    const idat: Buffer[] = [];
    for (let o = 8; o < png.length; ) {
      const length = png.readUInt32BE(o);
      if (png.subarray(o + 4, o + 8).toString('ascii') === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + length));
      o += 12 + length;
    }
    const raw = zlib.inflateSync(Buffer.concat(idat));
    const stride = size * 4 + 1;
    return {
      size,
      pixel: (x: number, y: number) => {
        expect(raw[y * stride]).toBe(0);
        return [...raw.subarray(y * stride + 1 + x * 4, y * stride + 1 + x * 4 + 4)];
      },
    };
  });
}

const hex = (h: string) => [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));

describe('app icons', () => {
  it.each(APP_KEYS)('%s: the committed icon.svg and favicon.ico are what tools/icons.ts draws', (app) => {
    for (const [name, bytes] of Object.entries(appIconFiles({ app }))) {
      expect(fs.readFileSync(path.join(appIconDir({ app }), name)).equals(bytes), `${app}/${name} is stale: run npx tsx tools/icons.ts`).toBe(true);
    }
  });

  it.each(APP_KEYS)('%s: favicon.ico holds 16, 32 and 48 px images of a coloured tile with transparent corners', (app) => {
    const images = readIco(fs.readFileSync(path.join(appIconDir({ app }), 'favicon.ico')));
    expect(images.map((i) => i.size)).toEqual([...FAVICON_SIZES]);
    for (const image of images) {
      expect(image.pixel(0, 0)[3]).toBe(0);
      // Just inside the left edge, half-way down, every design shows its tile colour.
      expect(image.pixel(Math.round(image.size * 0.06), Math.round(image.size / 2))).toEqual([...hex(ICON_DESIGNS[app].background), 255]);
    }
    expect(fs.readFileSync(path.join(appIconDir({ app }), 'icon.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 32 32">/);
  });

  it("the imaging cross's centre is white", () => {
    const [, image32] = readIco(appIconFiles({ app: 'imaging' })['favicon.ico']);
    expect(image32?.pixel(16, 16)).toEqual([255, 255, 255, 255]);
  });
});
