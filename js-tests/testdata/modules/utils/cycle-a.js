exports.name = 'a';
var b = require('./cycle-b');
exports.sawB = b.name;
exports.bSawA = b.sawA;
