'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { execFileSync } = require('child_process');

const teamsFolder = path.join(__dirname, '..', '..', 'deploymentTemplates', 'teams');

// Size, colour type and the inflated pixel rows; compressed bytes may differ between zlib builds.
function decode(file) {
  const png = fs.readFileSync(file);
  const idat = [];
  let header;
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    colourType: header[9],
    rows: zlib.inflateSync(Buffer.concat(idat)),
  };
}

test('committed icons are what make-icons.js draws', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'icons-'));
  try {
    execFileSync(process.execPath, [path.join(teamsFolder, 'make-icons.js'), out]);
    for (const name of ['color.png', 'outline.png']) {
      const committed = decode(path.join(teamsFolder, name));
      const drawn = decode(path.join(out, name));
      assert.ok(committed.rows.equals(drawn.rows), `${name} differs from make-icons.js output: run it and commit`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('color icon is 192x192 and fully opaque', () => {
  const icon = decode(path.join(teamsFolder, 'color.png'));
  assert.deepStrictEqual([icon.width, icon.height, icon.colourType], [192, 192, 6]);
  for (let y = 0; y < 192; y++) {
    for (let x = 0; x < 192; x++) assert.strictEqual(icon.rows[y * (192 * 4 + 1) + 1 + x * 4 + 3], 255);
  }
});

test('outline icon is 32x32, white where drawn, transparent around', () => {
  const icon = decode(path.join(teamsFolder, 'outline.png'));
  assert.deepStrictEqual([icon.width, icon.height, icon.colourType], [32, 32, 6]);
  let drawn = 0;
  for (let y = 0; y < 32; y++) {
    for (let x = 0; x < 32; x++) {
      const i = y * (32 * 4 + 1) + 1 + x * 4;
      const alpha = icon.rows[i + 3];
      if (alpha > 0) {
        drawn++;
        assert.deepStrictEqual([...icon.rows.subarray(i, i + 3)], [255, 255, 255], `pixel ${x},${y} is not white`);
      }
    }
  }
  assert.strictEqual(icon.rows[1 + 3], 0, 'top-left corner must be transparent');
  assert.ok(drawn > 100 && drawn < 32 * 32 - 100, `glyph covers ${drawn} pixels`);
});
