Page(require('../../utils/page')('top'))
