exports.name = 'b';
var a = require('./cycle-a');
exports.sawA = a.name; // partial exports of a: name is already set
