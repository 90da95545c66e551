// Logging in, the way a mini program with its own server does it before it connects:
// wx.login gives a one-time code, wx.request POSTs it to the server's /login, and the
// token that comes back is kept in storage, so that the next launch connects at once.
// The sample plays two users in one mini program (alice and bob), so it keeps one
// session per name, under "session:NAME".
const config = require('../config')

function key(name) {
  return 'session:' + name
}

// stored returns the session kept for name ({token, name}), or null.
function stored(name) {
  const s = wx.getStorageSync(key(name))
  return s && s.token ? s : null
}

// forget drops the session kept for name: the server no longer knows its token.
function forget(name) {
  wx.removeStorageSync(key(name))
}

// login resolves with a session for name: {token, name, fromStorage}.
function login(name) {
  const kept = stored(name)
  if (kept) return Promise.resolve({ token: kept.token, name: kept.name, fromStorage: true })
  return new Promise((resolve, reject) => {
    wx.login({
      success: (res) => {
        wx.request({
          url: config.api + '/login',
          method: 'POST',
          data: { code: res.code, name: name },
          success: (r) => {
            if (r.statusCode !== 200 || !r.data || !r.data.token) {
              reject(new Error('login refused: ' + r.statusCode + ' ' + JSON.stringify(r.data)))
              return
            }
            const session = { token: r.data.token, name: r.data.name }
            wx.setStorageSync(key(name), session)
            resolve({ token: session.token, name: session.name, fromStorage: false })
          },
          fail: (r) => reject(new Error(r.errMsg))
        })
      },
      fail: (r) => reject(new Error(r.errMsg))
    })
  })
}

module.exports = { login: login, forget: forget, stored: stored }
