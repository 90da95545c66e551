exports.id = 'miniprogram_npm/mqtt/index.js';
