exports.id = 'utils/util.js';
