module.exports = 'main util'
