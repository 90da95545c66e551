// Every lifecycle of the fixture appends a line to global.log, which the test reads.
module.exports = function log(line) {
  (global.log = global.log || []).push(line)
}
