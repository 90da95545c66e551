exports.id = 'miniprogram_npm/withmain/index.js';
