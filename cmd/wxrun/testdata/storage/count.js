// Counts its runs in storage: each run prints the count it found and stores one more.
var n = wx.getStorageSync('runs') || 0;
console.log('runs before: ' + n);
wx.setStorage({ key: 'runs', data: n + 1 });
