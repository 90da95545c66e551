// A page file that forgot to call Page(): WeChat opens it blank and reports it.
require('../../utils/log')('plain.js evaluated')
