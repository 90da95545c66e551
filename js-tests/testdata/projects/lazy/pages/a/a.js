require('../../utils/log')('a.js evaluated'); Page({ onLoad() { require('../../utils/log')('a.onLoad') } })
