// Queue hands out received items (messages, connections, requests) in order, to the side
// that awaits first: what `await server.nextMessage` and friends are built on. Shared by
// the built-in mock servers (wsmock.js, httpmock.js), which receive it as `Queue`.
// Compiled once per process as
//
//   (function () { …this file… })
'use strict';

function Queue() {
  this.items = [];
  this.waiting = [];
}
Queue.prototype.put = function (x) {
  if (this.waiting.length) this.waiting.shift()(x);
  else this.items.push(x);
};
Queue.prototype.get = function () {
  var self = this;
  if (this.items.length) return Promise.resolve(this.items.shift());
  return new Promise(function (resolve) { self.waiting.push(resolve); });
};
return Queue;
