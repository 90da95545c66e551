// An exception in a timer callback is reported and the program keeps running, as on a
// phone; the run still fails at the end.
setTimeout(function () { null.x }, 1)
setTimeout(function () { console.log('still running') }, 5)
