// wx.closeSocket() with no socket open returns a Promise that rejects; unhandled, it is
// reported as "Uncaught (in promise)".
wx.closeSocket()
