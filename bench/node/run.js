// Runs a benchmark scenario under Node.js with the wx shim installed as a global:
//
//   node bench/node/run.js path/to/scenario.js
'use strict';
const path = require('path');

if (process.argv.length < 3) {
  console.error('usage: node run.js SCENARIO.js');
  process.exit(2);
}
global.wx = require('./wx-shim.js');
require(path.resolve(process.argv[2]));
