exports.id = 'miniprogram_npm/pkg/index.js';
