const counter = require('./counter');
module.exports = (name) => `hello ${name} #${counter.next()}`;
