exports.id = 'pages/index/helper.js';
