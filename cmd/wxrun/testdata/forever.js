// Runs until stopped: prints "ready" once its timer is set.
setInterval(function () {}, 1000)
console.log('ready')
