// The entry point of jest.bundle.js: the parts of jest that wxrun test runs on goja, as
// they are published. gen.sh bundles this file with esbuild; see README.md.
const { expect } = require('expect');
const { ModuleMocker } = require('jest-mock');
const FakeTimers = require('@sinonjs/fake-timers');
const prettyFormat = require('pretty-format');
const { diff } = require('jest-diff');
const matcherUtils = require('jest-matcher-utils');

module.exports = { expect, ModuleMocker, FakeTimers, prettyFormat, diff, matcherUtils };
