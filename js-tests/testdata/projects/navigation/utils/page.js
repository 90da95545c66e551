// page(name, extra) is a Page definition whose lifecycles append "<name>.<hook>" (and the
// query, for onLoad) to global.log, which the test reads.
function log(line) {
  (global.log = global.log || []).push(line)
}

module.exports = function page(name, extra) {
  var def = {
    onLoad: function (q) { log(name + '.onLoad ' + JSON.stringify(q)) },
    onShow: function () { log(name + '.onShow') },
    onReady: function () { log(name + '.onReady') },
    onHide: function () { log(name + '.onHide') },
    onUnload: function () { log(name + '.onUnload') }
  }
  Object.keys(extra || {}).forEach(function (k) { def[k] = extra[k] })
  return def
}
module.exports.log = log
