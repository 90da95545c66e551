exports.id = 'miniprogram_npm/escapes/index.js';
