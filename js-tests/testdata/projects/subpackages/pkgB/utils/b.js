module.exports = 'b util'
