const log = require('/utils/log')

Component({
  properties: { id: { type: Number, value: 0 } },
  data: { title: '' },
  methods: {
    onLoad() {
      log.add('detail onLoad ' + this.data.id)
      this.setData({ title: 'item ' + this.data.id })
    },
    onReady() { log.add('detail onReady') },
    onUnload() { log.add('detail onUnload') }
  }
})
