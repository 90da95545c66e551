require('../../utils/log')('pkgA/utils/a.js evaluated')
module.exports = 'a util'
