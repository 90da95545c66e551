require('../../../utils/log')('sub a.js evaluated')
Page({ onLoad() { require('../../../utils/log')('sub a.onLoad') } })
