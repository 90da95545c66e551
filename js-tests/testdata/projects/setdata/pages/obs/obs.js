// Observers of every kind; each firing appends a line to global.fired.
Component({
  properties: {
    count: {
      type: Number,
      value: 1,
      observer(n, o) { this.fired('prop count ' + n + ' ' + o) }
    },
    label: { type: String, observer: 'labelChanged' }
  },
  data: { a: { b: 1, c: 2 }, list: [1, 2, 3], some: { deep: { x: 1 } } },
  observers: {
    'a.b': function (b) { this.fired('a.b ' + JSON.stringify(b)) },
    'a.b, list[0]': function (b, l0) { this.fired('a.b,list[0] ' + b + ' ' + l0) },
    'list[0]': function (v) { this.fired('list[0] ' + v) },
    'some.**': function (some) { this.fired('some.** ' + JSON.stringify(some)) },
    '**': function () { this.fired('**') },
    'count': function (c) { this.fired('count ' + c) }
  },
  methods: {
    fired(x) { (global.fired = global.fired || []).push(x) },
    labelChanged(n, o) { this.fired('label ' + n + ' ' + o) }
  }
})
