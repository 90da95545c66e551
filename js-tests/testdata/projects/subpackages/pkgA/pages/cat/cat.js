// A subpackage may use the main package, and its own files.
const log = require('../../../utils/log')
log('cat.js evaluated: ' + require('../../../utils/main') + ', ' + require('../../utils/a'))
Page({})
