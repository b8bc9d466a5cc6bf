#!/usr/bin/env node
// Draws the app and tray icons (resources/*.png) with nothing but Node: a small mesh of
// four nodes. Re-run after changing the drawing; the PNGs are committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const nodes = [
  [0.28, 0.3],
  [0.74, 0.26],
  [0.7, 0.74],
  [0.3, 0.7],
];
const edges = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 0],
  [0, 2],
];

const distanceToSegment = (px, py, [ax, ay], [bx, by]) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
};

// Coverage in [0, 1] of the unit-square point (x, y) by each layer.
const inRoundedSquare = (x, y, radius) => {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return Math.hypot(x - cx, y - cy) <= radius;
};
const onMesh = (x, y, line, dot) => nodes.some(([nx, ny]) => Math.hypot(x - nx, y - ny) <= dot) || edges.some(([a, b]) => distanceToSegment(x, y, nodes[a], nodes[b]) <= line);

/** Supersampled RGBA pixels: `paint(x, y)` returns [r, g, b, a] or null for transparent. */
function render(size, paint, samples = 4) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const color = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!color) continue;
          for (let i = 0; i < 3; i++) sum[i] += color[i] * color[3];
          sum[3] += color[3];
        }
      }
      const offset = (py * size + px) * 4;
      const alpha = sum[3] / (samples * samples);
      for (let i = 0; i < 3; i++) pixels[offset + i] = sum[3] ? Math.round(sum[i] / sum[3]) : 0;
      pixels[offset + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const indigo = [79, 70, 229, 255];
const white = [255, 255, 255, 255];
const appIcon = (x, y) => {
  if (!inRoundedSquare(x, y, 0.22)) return null;
  // The mesh, a little enlarged about the centre, fills the rounded square.
  return onMesh(0.5 + (x - 0.5) / 1.2, 0.5 + (y - 0.5) / 1.2, 0.04, 0.085) ? white : indigo;
};
// The tray icon keeps only the mesh: macOS uses its alpha as a template, other panels show it in colour.
const trayIcon = (x, y) => (onMesh(x, y, 0.075, 0.15) ? indigo : null);

const out = (name) => new URL(`../resources/${name}`, import.meta.url);
writeFileSync(out('icon.png'), png(1024, render(1024, appIcon, 2)));
writeFileSync(out('tray.png'), png(16, render(16, trayIcon, 8)));
writeFileSync(out('tray@2x.png'), png(32, render(32, trayIcon, 8)));
process.stdout.write('wrote resources/icon.png, tray.png, tray@2x.png\n');
