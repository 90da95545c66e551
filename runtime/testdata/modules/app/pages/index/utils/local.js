exports.id = 'pages/index/utils/local.js';
