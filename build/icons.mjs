#!/usr/bin/env node
// Renders build/icon.svg into every icon the packages need: build/icons/NxN.png (Linux
// icon set, also the source of the others), build/icon.ico (Windows) and build/icon.icns
// (macOS), both as PNG-embedded containers. Chromium draws the SVG at each size itself, so
// small sizes are hinted by the renderer rather than shrunk from a big bitmap.
//
//   node --import tsx build/icons.mjs      (Chromium: $PIZHU_CHROMIUM or /usr/bin/chromium)
//
// The outputs are committed; rerun after changing icon.svg.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from '../tests/support/chromium.ts';

const BUILD = import.meta.dirname;
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** icns PNG types and their pixel sizes (the @2x types share bitmaps with the 1x ones). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];
/** At these sizes the cream frame eats a third of the pixels and the glyph blurs into a blot. */
const SMALL_MAX = 32;

/**
 * The small-size variant: the red tile fills the canvas and the glyph grows, so 批 still
 * reads as a light mark on red at 16 px. Colours and font come from icon.svg itself.
 */
function smallVariant(svg) {
  const red = /<rect[^>]*x="96"[^>]*fill="(#[0-9a-f]{6})"/i.exec(svg)?.[1] ?? '#b3261e';
  const text = /<text[^>]*>([^<]+)<\/text>/.exec(svg);
  const glyph = text?.[1] ?? '批';
  const font = /font-family="([^"]+)"/.exec(svg)?.[1] ?? 'serif';
  const paper = /<text[^>]*fill="(#[0-9a-f]{6})"/i.exec(svg)?.[1] ?? '#f6f1e7';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <rect x="8" y="8" width="496" height="496" rx="88" fill="${red}"/>
  <text x="256" y="412" text-anchor="middle" font-family="${font}" font-size="420" font-weight="900" fill="${paper}">${glyph}</text>
</svg>`;
}

async function renderPngs(svg) {
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const pngs = new Map();
    for (const size of PNG_SIZES) {
      const source = size <= SMALL_MAX ? smallVariant(svg) : svg;
      await page.setViewportSize({ width: size, height: size });
      const sized = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
      await page.evaluate(() => document.fonts.ready);
      pngs.set(size, await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

/** ICO: a 6-byte header, one 16-byte entry per image (0 means 256 px), then the PNGs. */
function icoFromPngs(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2);
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** ICNS: 'icns' + total length, then chunks of 4-char type + length (header included) + PNG, all big-endian. */
function icnsFromPngs(chunks) {
  const parts = chunks.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const svg = await readFile(join(BUILD, 'icon.svg'), 'utf8');
const pngs = await renderPngs(svg);
await mkdir(join(BUILD, 'icons'), { recursive: true });
for (const [size, png] of pngs) await writeFile(join(BUILD, 'icons', `${size}x${size}.png`), png);
await writeFile(join(BUILD, 'icon.ico'), icoFromPngs(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
await writeFile(join(BUILD, 'icon.icns'), icnsFromPngs(ICNS_TYPES.map(([type, size]) => ({ type, png: pngs.get(size) }))));
console.log(`icons: ${PNG_SIZES.length} PNGs in build/icons, build/icon.ico (${ICO_SIZES.length} sizes), build/icon.icns (${ICNS_TYPES.length} types)`);
