Page(require('../../utils/page')('tab2'))
