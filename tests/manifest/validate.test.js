'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const path = require('path');
const { validateManifest } = require('./validate.js');

const templatePath = path.join(__dirname, '..', '..', 'deploymentTemplates', 'teams', 'manifest.json');

function template(botId) {
  return JSON.parse(fs.readFileSync(templatePath, 'utf8').split('{{BOT_ID}}').join(botId));
}

test('template with a bot id substituted is valid', () => {
  assert.deepStrictEqual(validateManifest(template('3f2504e0-4f89-41d3-9a0c-0305e82c3301')), []);
});

test('template with the placeholder left in fails on botId', () => {
  const errors = validateManifest(template('{{BOT_ID}}'));
  assert.strictEqual(errors.length, 1);
  assert.match(errors[0], /^\/bots\/0\/botId /);
});

test('short name over 30 characters fails', () => {
  const manifest = template('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  manifest.name.short = 'Адресная поддержка школ проекта 500+';
  assert.ok(validateManifest(manifest).some((e) => e.startsWith('/name/short ')));
});

test('manifestVersion without a shipped schema is reported', () => {
  const manifest = template('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  manifest.manifestVersion = '1.18';
  assert.throws(() => validateManifest(manifest), /ships no MicrosoftTeams.schema.json for manifestVersion 1.18/);
});
