exports.id = 'miniprogram_npm/pkg/sub.js';
