wx.showToast({ title: 'Offline', icon: 'none' });
wx.showModal({ title: 'Reconnect?' }).then(function (res) { console.log('confirm ' + res.confirm); });
