// An independent subpackage runs without the main package: it may not require it.
const log = (line) => { (global.log = global.log || []).push(line) }
try {
  require('../../../utils/main')
  log('dog required the main package')
} catch (e) {
  log('dog: ' + e.message)
}
log('dog.js evaluated: ' + require('../../utils/b'))
Page({})
