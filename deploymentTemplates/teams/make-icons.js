#!/usr/bin/env node
// Draws color.png (192×192) and outline.png (32×32) for the Teams app package.
// Plain Node, no packages: shapes are signed-distance functions, each pixel is averaged over 4×4 subsamples
// so edges are anti-aliased, and the PNG is written by hand with zlib. Same input, same pixels.
// Usage: node make-icons.js [outputFolder]   (defaults to this script's folder)
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

// Keep in step with accentColor in manifest.json.
const ACCENT = [0x1e, 0x5b, 0xa8, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];

// ---- shapes: each returns true when the point lies inside --------------------------------------------------------

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

const stroke = (ax, ay, bx, by, width) => (x, y) => distToSegment(x, y, ax, ay, bx, by) <= width / 2;

// An arc of a ring; angles in degrees, 0 = east, growing clockwise because y points down.
const arc = (cx, cy, r, width, fromDeg, toDeg) => (x, y) => {
  if (Math.abs(Math.hypot(x - cx, y - cy) - r) > width / 2) return false;
  let a = (Math.atan2(y - cy, x - cx) * 180) / Math.PI;
  if (a < fromDeg) a += 360;
  return a <= toDeg;
};

const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const qx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const qy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && Math.hypot(qx, qy) <= r;
};

// Convex polygon, points listed clockwise on screen.
const polygon = (points) => (x, y) => {
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % points.length];
    if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) < 0) return false;
  }
  return true;
};

const grow = (points, cx, cy, by) =>
  points.map(([x, y]) => {
    const d = Math.hypot(x - cx, y - cy);
    return [cx + ((x - cx) * (d + by)) / d, cy + ((y - cy) * (d + by)) / d];
  });

const union = (...shapes) => (x, y) => shapes.some((s) => s(x, y));

// ---- glyphs ------------------------------------------------------------------------------------------------------

// A mortarboard: the board is a flat rhombus, the cap hangs under it, a tassel drops on the right.
// Layers are painted in order; `gap` is the colour that separates the board from the cap.
function mortarboard(cx, top, w, ink, gap) {
  const h = w * 0.42;
  const board = [[cx, top], [cx + w, top + h], [cx, top + 2 * h], [cx - w, top + h]];
  const capTop = top + h * 1.05;
  const capBottom = top + h * 2.55;
  const capHalf = w * 0.58;
  const cap = union(
    rect(cx - capHalf, capTop, cx + capHalf, capBottom - capHalf * 0.35),
    (x, y) => y >= capTop && ((x - cx) / capHalf) ** 2 + ((y - (capBottom - capHalf * 0.35)) / (capHalf * 0.35)) ** 2 <= 1,
  );
  const tasselX = cx + w * 0.86;
  const tasselWidth = Math.max(w * 0.07, 1.2);
  const tassel = union(
    stroke(tasselX, top + h, tasselX, top + h * 2.45, tasselWidth),
    disc(tasselX, top + h * 2.5, tasselWidth * 1.25),
  );
  return [
    [cap, ink],
    [tassel, ink],
    [polygon(grow(board, cx, top + h, w * 0.09)), gap],
    [polygon(board), ink],
  ];
}

// "500+" drawn with round-capped strokes; returns one shape.
function fiveHundredPlus(left, top, digitWidth, height, strokeWidth, spacing) {
  const r = digitWidth / 2;
  const s = strokeWidth;
  const inset = s / 2;
  const parts = [];
  let x = left;

  // 5: top bar, short left stem, then a bowl open to the upper left.
  {
    const bowlR = height * 0.3;
    const bowlCy = top + height - bowlR - inset;
    const stemBottom = bowlCy - bowlR * 0.95;
    parts.push(stroke(x + inset + 1, top + inset, x + digitWidth - inset, top + inset, s));
    parts.push(stroke(x + inset + 1, top + inset, x + inset + 1, stemBottom, s));
    parts.push(stroke(x + inset + 1, stemBottom, x + digitWidth * 0.45, bowlCy - bowlR, s));
    parts.push(arc(x + digitWidth * 0.45, bowlCy, bowlR, s, -90, 150));
    x += digitWidth + spacing;
  }
  // 0, twice: a stadium-shaped ring.
  for (let i = 0; i < 2; i++) {
    const cx = x + r;
    const ringR = r - inset;
    const y0 = top + inset + ringR;
    const y1 = top + height - inset - ringR;
    parts.push((px, py) => Math.abs(distToSegment(px, py, cx, y0, cx, y1) - ringR) <= s / 2);
    x += digitWidth + spacing;
  }
  // +: smaller, centred on the digits' middle.
  {
    const plusHalf = digitWidth * 0.42;
    const cx = x + plusHalf;
    const cy = top + height / 2;
    parts.push(stroke(cx - plusHalf + inset, cy, cx + plusHalf - inset, cy, s));
    parts.push(stroke(cx, cy - plusHalf + inset, cx, cy + plusHalf - inset, s));
  }
  return union(...parts);
}

function textWidth(digitWidth, spacing) {
  return 3 * digitWidth + 3 * spacing + digitWidth * 0.84;
}

// ---- raster and PNG ----------------------------------------------------------------------------------------------

function render(size, layers) {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          let colour = CLEAR;
          for (const [shape, c] of layers) if (shape(x, y)) colour = c;
          // Premultiplied so that half-covered edges over clear pixels do not darken.
          const a = colour[3] / 255;
          sum[0] += colour[0] * a;
          sum[1] += colour[1] * a;
          sum[2] += colour[2] * a;
          sum[3] += colour[3];
        }
      }
      const n = samples * samples;
      const alpha = sum[3] / n;
      const i = (py * size + px) * 4;
      const unpremultiply = (v) => (alpha === 0 ? 0 : Math.round(v / n / (alpha / 255)));
      pixels[i] = unpremultiply(sum[0]);
      pixels[i + 1] = unpremultiply(sum[1]);
      pixels[i + 2] = unpremultiply(sum[2]);
      pixels[i + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- the two icons -----------------------------------------------------------------------------------------------

function colorIcon() {
  const size = 192;
  const digitWidth = 22;
  const spacing = 5;
  const width = textWidth(digitWidth, spacing);
  return render(size, [
    [roundedRect(0, 0, size, size, 0), ACCENT],
    ...mortarboard(size / 2, 40, 46, WHITE, ACCENT),
    [fiveHundredPlus((size - width) / 2, 112, digitWidth, 38, 7.5, spacing), WHITE],
  ]);
}

function outlineIcon() {
  const size = 32;
  return render(size, mortarboard(size / 2, 8, 14, WHITE, CLEAR));
}

function main() {
  const out = process.argv[2] ? path.resolve(process.argv[2]) : __dirname;
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'color.png'), encodePng(192, colorIcon()));
  fs.writeFileSync(path.join(out, 'outline.png'), encodePng(32, outlineIcon()));
  console.log(`color.png and outline.png written to ${out}`);
}

main();
