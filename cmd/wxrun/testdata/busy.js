// Never finishes: a timer is pending and the script spins forever.
setTimeout(function () {}, 60000)
while (true) {}
