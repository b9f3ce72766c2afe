#!/usr/bin/env node
'use strict';
// Renders every card template in cards/ with its sample data (NAME.data.json) at phone width (400 px) and at 600 px in
// headless Chromium with the official Adaptive Cards renderer, writes the PNGs, and checks what a reader would trip
// over: a word broken across two lines («Толмачёвска/я», «Шко/ла») and a text cut short with an ellipsis («Выполне…»).
// Usage: node tests/cards/layout.js --tool DIR [--out DIR] [--only NAME,...]   (DIR: the card tool, npm-installed)
const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const repo = path.resolve(__dirname, '..', '..');
const tool = path.resolve(opt('tool', process.env.CARDTOOL_DIR || path.join(repo, '..', 'shared', 'tools', 'cards')));
const outDir = path.resolve(opt('out', path.join(repo, 'tests', 'cards', 'artifacts')));
const only = opt('only', '').split(',').filter(Boolean);
const widths = [400, 600];

const { CardRenderer } = require(path.join(tool, 'lib', 'browser'));
const { checkCardFile } = require(path.join(tool, 'lib', 'check'));
const { listCards, readJson } = require(path.join(tool, 'lib', 'io'));

// Runs in the page after a render: every place where the rendered text wraps between two letters of one word, and
// every element whose text overflows behind an ellipsis.
function inspect() {
  const root = document.getElementById('card');
  const broken = [];
  const letter = /[\p{L}\p{N}]/u;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue;
    if (!text || text.trim().length === 0) continue;
    let previousTop = null;
    for (let i = 0; i < text.length; i++) {
      if (!letter.test(text[i])) {
        previousTop = null;
        continue;
      }
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (rects.length === 0) continue;
      const top = rects[0].top;
      if (previousTop !== null && top > previousTop + 2) {
        const start = text.slice(0, i).search(/[\p{L}\p{N}]+$/u);
        const end = i + (text.slice(i).match(/^[\p{L}\p{N}]+/u) || [''])[0].length;
        broken.push(`${text.slice(start, i)}/${text.slice(i, end)}`);
      }
      previousTop = top;
    }
  }
  const cut = [];
  for (const el of root.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth && el.textContent.trim()) {
      cut.push(el.textContent.trim().slice(0, 60));
    }
  }
  return { broken, cut };
}

async function main() {
  const hostConfig = readJson(path.join(tool, 'hostconfig', 'teams-light.json')).json;
  const cards = listCards(path.join(repo, 'cards'))
    .filter((f) => only.length === 0 || only.includes(path.basename(f, '.json')));
  const renderer = new CardRenderer({ theme: 'light' });
  const problems = [];
  let rendered = 0;
  const started = Date.now();
  await renderer.start();
  try {
    for (const file of cards) {
      const name = path.basename(file, '.json');
      const { card } = checkCardFile(file, null, { hostConfig });
      if (!card) {
        problems.push(`${name}: the template does not expand with its sample data`);
        continue;
      }
      for (const width of widths) {
        const out = path.join(outDir, `${name}.${width}.png`);
        await renderer.render(card, { hostConfig, width, out });
        const found = await renderer.page.evaluate(inspect);
        rendered++;
        for (const b of found.broken) problems.push(`${name} at ${width} px: word broken across lines «${b}»`);
        for (const c of found.cut) problems.push(`${name} at ${width} px: text cut short «${c}…»`);
      }
    }
    for (const e of renderer.pageErrors) problems.push(`page error: ${e}`);
  } finally {
    await renderer.close();
  }

  process.stdout.write(`card layout: ${rendered} renders of ${cards.length} cards at ${widths.join(' and ')} px in ${Date.now() - started} ms, PNGs in ${path.relative(repo, outDir)}\n`);
  for (const p of problems) process.stdout.write(`  ${p}\n`);
  return problems.length === 0 && rendered > 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`card layout: ${e && e.stack ? e.stack : e}\n`);
  process.exitCode = 2;
});
