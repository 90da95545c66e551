// Two users in one chat room:
//
//   alice uses the global socket API (wx.connectSocket, wx.onSocket*, wx.sendSocketMessage,
//         wx.closeSocket) with the classic pattern from the WeChat docs: messages written
//         before the socket is open wait in a queue and are flushed in wx.onSocketOpen.
//   bob   uses a SocketTask, the object wx.connectSocket returns; that is the way to hold a
//         second connection (the wx.*Socket* functions keep addressing alice's).
//
// The conversation is driven by what the server broadcasts, so it runs the same way every
// time: alice says hello; once she hears her own words back, bob joins; bob greets alice;
// alice welcomes bob; bob closes his SocketTask; alice sees him leave and closes hers with
// wx.closeSocket(). With no socket or timer left, the program ends.

const LAST_QUEUED = 'I will wait here for someone'

const queue = [] // alice's messages written before her socket opened
let aliceOpen = false

function withName(url, name) {
  return url + (url.indexOf('?') >= 0 ? '&' : '?') + 'name=' + encodeURIComponent(name)
}

// parse turns a message from the server's /chat endpoint into an event object:
// {type:"message", from, text} or {type:"join"|"leave", name, members}.
function parse(data) {
  if (typeof data !== 'string') return { type: 'binary' }
  try {
    return JSON.parse(data)
  } catch (e) {
    return { type: 'text', text: data }
  }
}

function describe(ev) {
  switch (ev.type) {
    case 'message': return ev.from + ': ' + ev.text
    case 'join': return '* ' + ev.name + ' joined (' + ev.members + ' in the room)'
    case 'leave': return '* ' + ev.name + ' left (' + ev.members + ' in the room)'
    case 'text': return '(text) ' + ev.text
  }
  return '(' + ev.type + ' message)'
}

function countEvent() {
  getApp().globalData.received++
}

// say sends a message as alice, or queues it until her socket is open.
function say(text) {
  if (aliceOpen) {
    console.log('[alice] -> ' + text)
    wx.sendSocketMessage({ data: text })
  } else {
    console.log('[alice] queued "' + text + '" (socket not open yet)')
    queue.push(text)
  }
}

function startAlice(url, done) {
  wx.connectSocket({ url: withName(url, 'alice') })

  wx.onSocketOpen(function () {
    aliceOpen = true
    console.log('[alice] connected, flushing ' + queue.length + ' queued messages')
    queue.splice(0).forEach(function (text) {
      console.log('[alice] -> ' + text)
      wx.sendSocketMessage({ data: text })
    })
  })

  wx.onSocketMessage(function (res) {
    const ev = parse(res.data)
    countEvent()
    console.log('[alice] <- ' + describe(ev))
    if (ev.type === 'message' && ev.from === 'alice' && ev.text === LAST_QUEUED) {
      startBob(url) // alice is certainly in the room now: her own words came back
    } else if (ev.type === 'message' && ev.from === 'bob') {
      say('welcome, bob!')
    } else if (ev.type === 'leave' && ev.name === 'bob') {
      console.log('[alice] closing with wx.closeSocket()')
      wx.closeSocket({ code: 1000, reason: 'done' })
    }
  })

  wx.onSocketError(function (res) {
    console.error('[alice] error: ' + res.errMsg)
  })

  wx.onSocketClose(function (res) {
    console.log('[alice] closed (code ' + res.code + ')')
    done()
  })

  say('hello, is anyone here?')
  say(LAST_QUEUED)
}

function startBob(url) {
  console.log('[bob]   connecting with a SocketTask')
  const task = wx.connectSocket({ url: withName(url, 'bob') })

  task.onOpen(function () {
    console.log('[bob]   connected (readyState ' + task.readyState + ')')
  })

  task.onMessage(function (res) {
    const ev = parse(res.data)
    countEvent()
    console.log('[bob]   <- ' + describe(ev))
    if (ev.type === 'join' && ev.name === 'bob') {
      const text = 'hi alice, bob here'
      console.log('[bob]   -> ' + text)
      task.send({
        data: text,
        fail: function (r) { console.error('[bob]   send failed: ' + r.errMsg) }
      })
    } else if (ev.type === 'message' && ev.from === 'alice' && ev.text === 'welcome, bob!') {
      console.log('[bob]   closing with task.close()')
      task.close({ code: 1000, reason: 'bye' })
    }
  })

  task.onError(function (res) {
    console.error('[bob]   error: ' + res.errMsg)
    wx.closeSocket() // nobody will leave the room: stop alice too
  })

  task.onClose(function (res) {
    console.log('[bob]   closed (code ' + res.code + ')')
  })
}

module.exports = {
  start: function (url, done) {
    startAlice(url, done)
  }
}
