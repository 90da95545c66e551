module.exports = { name: 'legacy' }
