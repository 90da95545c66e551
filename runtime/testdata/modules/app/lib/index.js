exports.id = 'lib/index.js';
