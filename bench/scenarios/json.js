// JSON handler: the server sends cfg.n copies of a ~1 KiB JSON document; for each, the
// onMessage listener does ordinary work — JSON.parse, a computed field, an added item,
// JSON.stringify — and sends the result back. After the last one it asks the server
// "count?". Measures messages handled per second, from onOpen until the server has
// counted every reply.
'use strict';
const cfg = require('./config.js');

const n = cfg.n;
let t0 = 0;
const task = wx.connectSocket({ url: cfg.url + '/json?n=' + n });
let handled = 0;

task.onOpen(function () { t0 = Date.now(); });

task.onMessage(function (res) {
  if (handled === n) {
    // The server's answer to "count?".
    const ms = Date.now() - t0;
    if (Number(res.data) !== n) throw new Error('server counted ' + res.data + ' replies, want ' + n);
    console.log('RESULT json ' + (n / (ms / 1000)).toFixed(0) + ' msgs/s');
    task.close({ code: 1000 });
    return;
  }
  const order = JSON.parse(res.data);
  let total = 0;
  for (let i = 0; i < order.items.length; i++) total += order.items[i].qty * order.items[i].price;
  order.total = Math.round(total * 100) / 100;
  order.items.push({ sku: 'SKU-GIFT', title: 'Gift wrap', qty: 1, price: 0 });
  order.status = 'seen';
  order.seq = handled;
  task.send({ data: JSON.stringify(order) });
  if (++handled === n) task.send({ data: 'count?' });
});
task.onError(function (res) { console.log('ERROR ' + res.errMsg); });
