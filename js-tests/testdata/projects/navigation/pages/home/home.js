Page(require('../../utils/page')('home'))
