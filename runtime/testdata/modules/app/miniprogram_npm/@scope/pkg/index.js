exports.id = 'miniprogram_npm/@scope/pkg/index.js';
