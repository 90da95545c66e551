Page(require('../../utils/page')('a'))
