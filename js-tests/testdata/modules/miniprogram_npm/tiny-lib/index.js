module.exports = { name: 'tiny-lib', shout: function (s) { return String(s).toUpperCase() + '!'; } };
