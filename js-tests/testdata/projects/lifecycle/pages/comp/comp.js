// A page built with Component(), with a behavior: lifetimes and pageLifetimes of both,
// page methods in methods, the query in its properties.
const log = require('../../utils/log')
log('comp.js evaluated')
const base = Behavior({
  data: { from: 'base', shared: { x: 1 } },
  properties: { s: { type: String, value: 'from base' } },
  lifetimes: {
    created() { log('base.created') },
    attached() { log('base.attached') },
    detached() { log('base.detached') }
  },
  pageLifetimes: { show() { log('base.pageLifetimes.show') } },
  methods: {
    hello() { return 'base' },
    onShow() { log('base.onShow (overridden by the page)') }
  }
})
module.exports = base
Component({
  behaviors: [base],
  properties: { n: Number, flag: Boolean, s: { type: String, value: 'dflt' } },
  data: { own: true, shared: { y: 2 } },
  lifetimes: {
    created() { log('comp.created data.n=' + this.data.n) },
    attached() { log('comp.attached n=' + this.data.n + ' ' + typeof this.data.n) },
    ready() { log('comp.ready') },
    detached() { log('comp.detached') }
  },
  pageLifetimes: {
    show() { log('comp.pageLifetimes.show') },
    hide() { log('comp.pageLifetimes.hide') }
  },
  methods: {
    onLoad(q) { log('comp.onLoad ' + JSON.stringify(q) + ' is=' + this.is) },
    onShow() { log('comp.onShow') },
    onReady() { log('comp.onReady') },
    onHide() { log('comp.onHide') },
    onUnload() { log('comp.onUnload') }
  }
})
