Page(require('../../utils/page')('bottom'))
