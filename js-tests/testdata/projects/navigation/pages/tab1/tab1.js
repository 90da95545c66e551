Page(require('../../utils/page')('tab1'))
