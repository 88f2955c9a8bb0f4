#!/usr/bin/env node
// Mozilla Readability.js (with jsdom) on the same pages as bench/bench_html.c:
// one core, pages read into memory first, the time of JSDOM parsing plus
// Readability.parse() measured.
//
//   node bench/peers/readability.js DIR [ROUNDS] [--out FILE]
//
// DIR holds *.html.gz. With --out, writes the extracted text in the
// benchmark's format ({"output": {id: {"articleBody"}}}) so that
// ../shared/tools/score_articles.py --pred FILE can score it.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

let JSDOM, VirtualConsole, Readability;
try {
  ({ JSDOM, VirtualConsole } = require('jsdom'));
  ({ Readability } = require('@mozilla/readability'));
} catch (e) {
  console.log('skip: Readability.js not installed (run bench/peers/setup)');
  process.exit(0);
}

const args = process.argv.slice(2);
const outIdx = args.indexOf('--out');
const out = outIdx >= 0 ? args.splice(outIdx, 2)[1] : null;
const dir = args[0];
const rounds = parseInt(args[1] || '1', 10);
if (!dir || !fs.existsSync(dir)) {
  console.log(`skip: ${dir} absent`);
  process.exit(0);
}
const names = fs.readdirSync(dir).filter((n) => n.includes('.html')).sort();
const pages = names.map((n) => ({
  id: n.replace(/\.html(\.gz)?$/, ''),
  html: zlib.gunzipSync(fs.readFileSync(path.join(dir, n))).toString('utf8'),
}));
const bytes = pages.reduce((s, p) => s + Buffer.byteLength(p.html), 0);
const vc = new VirtualConsole(); // silence the pages' CSS and script errors
const result = {};
const t0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) {
  for (const p of pages) {
    const dom = new JSDOM(p.html, { virtualConsole: vc });
    const art = new Readability(dom.window.document).parse();
    if (r === 0) result[p.id] = { articleBody: art && art.textContent ? art.textContent.trim() : '' };
    dom.window.close();
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`html extraction (Readability.js + jsdom): ${pages.length} pages, ` +
  `${(bytes / 1e6).toFixed(1)} MB of HTML x ${rounds} rounds in ${secs.toFixed(2)} s: ` +
  `${(bytes * rounds / 1e6 / secs).toFixed(1)} MB/s, ${(pages.length * rounds / secs).toFixed(0)} pages/s on one core`);
if (out) fs.writeFileSync(out, JSON.stringify({ version: 'readability.js', output: result }));
