Component({
  properties: { id: Number },
  data: { seen: false },
  lifetimes: {
    attached() { console.log('detail.attached id=' + this.data.id + ' (' + typeof this.data.id + ')') },
    detached() { console.log('detail.detached') }
  },
  methods: {
    onLoad(q) { console.log('detail.onLoad ' + JSON.stringify(q)) },
    onShow() { console.log('detail.onShow'); this.setData({ seen: true }) },
    onReady() { console.log('detail.onReady') },
    onHide() { console.log('detail.onHide') },
    onUnload() { console.log('detail.onUnload') }
  }
})
