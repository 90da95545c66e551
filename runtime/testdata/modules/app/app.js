exports.id = 'app.js';
