'use strict';
// Reference expansion of Adaptive Card templates with the official JS templating package.
// The C# CardTemplateEngine is tested against the output of this script.
//
//   node expand.js <template.json> [data.json]   prints the expanded card
//   node expand.js --batch <cases.json>          cases.json = [{ "id", "template", "data" }] (file paths);
//                                                prints [{ "id", "ok", "result" | "undefined" | "error" }]
const fs = require('fs');
const ACData = require('adaptivecards-templating');

// string() and formatNumber() format with the process's default locale; the C# engine is culture-neutral (en-US).
const locale = Intl.DateTimeFormat().resolvedOptions().locale;
if (locale !== 'en-US') {
  console.error(`expand.js: default locale is ${locale}; run with LC_ALL=C.UTF-8 (or en_US.UTF-8) so numbers format like the C# engine`);
  process.exit(3);
}

function readJson(path) {
  return JSON.parse(fs.readFileSync(path, 'utf8'));
}

function expand(templatePath, dataPath) {
  const template = readJson(templatePath);
  const data = dataPath ? readJson(dataPath) : {};
  return new ACData.Template(template).expand({ $root: data });
}

const args = process.argv.slice(2);
if (args[0] === '--batch' && args.length === 2) {
  const cases = readJson(args[1]);
  const results = cases.map((c) => {
    try {
      const result = expand(c.template, c.data);
      return result === undefined ? { id: c.id, ok: true, undefined: true } : { id: c.id, ok: true, result };
    } catch (e) {
      return { id: c.id, ok: false, error: String(e && e.message ? e.message : e).split('\n')[0] };
    }
  });
  process.stdout.write(JSON.stringify(results));
} else if (args.length === 1 || args.length === 2) {
  process.stdout.write(JSON.stringify(expand(args[0], args[1]), null, 2) + '\n');
} else {
  console.error('usage: node expand.js <template.json> [data.json] | --batch <cases.json>');
  process.exit(2);
}
