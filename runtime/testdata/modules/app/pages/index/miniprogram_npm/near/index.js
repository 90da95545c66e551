exports.id = 'pages/index/miniprogram_npm/near/index.js';
