// What happened, in order: the tests read the lifecycles from here. Module state, so a
// fresh launch (loadProject) starts it again.
const events = []
module.exports = {
  events,
  add(e) { events.push(e) }
}
