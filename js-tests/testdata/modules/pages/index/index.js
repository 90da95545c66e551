// A page module: bare names resolve relative to this file first, then miniprogram_npm.
var lib = require('tiny-lib');
var counter = require('/testdata/modules/utils/counter.js');
module.exports = { lib: lib.name, next: counter.next() };
