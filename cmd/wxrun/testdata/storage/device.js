console.log(wx.getDeviceInfo().platform + ' ' + wx.getDeviceInfo().model);
