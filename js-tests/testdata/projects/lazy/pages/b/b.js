require('../../utils/log')('b.js evaluated'); Page({ onLoad() { require('../../utils/log')('b.onLoad') } })
