exports.id = 'miniprogram_npm/withmain/dist/entry.js';
