Page({
  data: { list: [{ name: 'a' }], obj: { keep: 1 } }
})
