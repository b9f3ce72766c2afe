#!/usr/bin/env node
// Validates a Teams app manifest against the official JSON schema for its manifestVersion, taken from the
// @microsoft/app-manifest package so that no network is needed.
// Usage: node validate.js <manifest.json> [--bot-id <guid>]
//   --bot-id replaces the {{BOT_ID}} placeholder first, so the template itself can be checked.
// Exit codes: 0 valid, 1 invalid, 2 usage or setup error.
'use strict';

const fs = require('fs');
const path = require('path');

const BOT_ID_PLACEHOLDER = '{{BOT_ID}}';

function schemaFolder() {
  const packageJson = require.resolve('@microsoft/app-manifest/package.json');
  return path.join(path.dirname(packageJson), 'build', 'json-schemas', 'teams');
}

function loadSchema(manifestVersion, fileName) {
  if (typeof manifestVersion !== 'string' || !/^(\d+\.\d+|devPreview)$/.test(manifestVersion)) {
    throw new Error(`manifestVersion ${JSON.stringify(manifestVersion)} is not a schema version`);
  }
  const file = path.join(schemaFolder(), `v${manifestVersion}`, fileName);
  if (!fs.existsSync(file)) {
    throw new Error(`@microsoft/app-manifest ships no ${fileName} for manifestVersion ${manifestVersion}`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// The toolkit does the same: draft-04 schemas (all Teams schemas up to v1.x) need the draft-04 build of ajv.
function compile(schema) {
  const addFormats = require('ajv-formats');
  let Ajv;
  if (String(schema.$schema || '').includes('2020-12')) {
    Ajv = require('ajv/dist/2020').default;
  } else if (String(schema.$schema || '').includes('draft-04')) {
    Ajv = require('ajv-draft-04').default;
  } else {
    Ajv = require('ajv').default;
  }
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(schema);
}

function validateManifest(manifest) {
  const errors = [];
  const schema = loadSchema(manifest.manifestVersion, 'MicrosoftTeams.schema.json');
  if (manifest.$schema && !manifest.$schema.includes(`/v${manifest.manifestVersion}/`)) {
    errors.push(`/$schema ${manifest.$schema} does not match manifestVersion ${manifest.manifestVersion}`);
  }
  const validate = compile(schema);
  if (!validate(manifest)) {
    for (const e of validate.errors) {
      errors.push(`${e.instancePath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
    }
  }
  return errors;
}

function parseArgs(argv) {
  const args = { manifest: null, botId: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--bot-id') {
      args.botId = argv[++i];
      if (!args.botId) throw new Error('--bot-id needs a value');
    } else if (!args.manifest) {
      args.manifest = argv[i];
    } else {
      throw new Error(`unexpected argument ${argv[i]}`);
    }
  }
  if (!args.manifest) throw new Error('usage: node validate.js <manifest.json> [--bot-id <guid>]');
  return args;
}

function main() {
  let args;
  let manifest;
  try {
    args = parseArgs(process.argv.slice(2));
    let text = fs.readFileSync(args.manifest, 'utf8').replace(/^\uFEFF/, '');
    if (args.botId) text = text.split(BOT_ID_PLACEHOLDER).join(args.botId);
    manifest = JSON.parse(text);
  } catch (e) {
    console.error(`error: ${e.message}`);
    return 2;
  }

  let errors;
  try {
    errors = validateManifest(manifest);
  } catch (e) {
    console.error(`error: ${e.message}`);
    return 2;
  }

  if (errors.length > 0) {
    console.error(`${args.manifest}: ${errors.length} schema error(s) against manifestVersion ${manifest.manifestVersion}`);
    for (const error of errors) console.error(`  ${error}`);
    return 1;
  }
  console.log(`${args.manifest}: valid against manifestVersion ${manifest.manifestVersion}`);
  return 0;
}

if (require.main === module) {
  process.exitCode = main();
}

module.exports = { validateManifest };
