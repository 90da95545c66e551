// Timers run in order, then the program ends on its own: exit status 0.
setTimeout(function () { console.log('c') }, 30)
setTimeout(function () { console.log('b') }, 10)
const id = setInterval(function () {
  console.log('tick')
  clearInterval(id)
}, 1)
Promise.resolve().then(function () { console.log('a') })
