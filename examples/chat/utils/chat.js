// Helpers shared by the two pages: the server's /chat endpoint speaks JSON (see
// `wxrun serve`): {type:"message", from, text}, {type:"join"|"leave", name, members}, and
// {type:"pong"} in answer to a heartbeat.

// withToken adds the session token from /login to the chat URL: the server then knows
// who is talking.
function withToken(url, token) {
  return url + (url.indexOf('?') >= 0 ? '&' : '?') + 'token=' + encodeURIComponent(token)
}

// parse turns a message from the server into an event object.
function parse(data) {
  if (typeof data !== 'string') return { type: 'binary' }
  try {
    return JSON.parse(data)
  } catch (e) {
    return { type: 'text', text: data }
  }
}

// describe is how a page shows an event: one line of the conversation.
function describe(ev) {
  switch (ev.type) {
    case 'message': return ev.from + ': ' + ev.text
    case 'join': return '* ' + ev.name + ' joined (' + ev.members + ' in the room)'
    case 'leave': return '* ' + ev.name + ' left (' + ev.members + ' in the room)'
    case 'text': return '(text) ' + ev.text
  }
  return '(' + ev.type + ' message)'
}

module.exports = {
  withToken: withToken,
  parse: parse,
  describe: describe,
  HEARTBEAT: JSON.stringify({ type: 'ping' })
}
