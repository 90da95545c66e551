package wxapi

import "testing"

// TestErrMsg pins the errMsg format of every result kind the socket API produces against
// the spec's catalogue.
func TestErrMsg(t *testing.T) {
	for _, c := range []struct {
		r    result
		want string
	}{
		{okResult("connectSocket"), "connectSocket:ok"},
		{failResult("connectSocket", "parameter error: parameter.url should be String instead of Number;"), "connectSocket:fail parameter error: parameter.url should be String instead of Number;"},
		{failResult("connectSocket", `invalid url "https://x"`), `connectSocket:fail invalid url "https://x"`},
		{failResult("connectSocket", "fail reach max websocket connect count 5"), "connectSocket:fail fail reach max websocket connect count 5"},
		{okResult("sendSocketMessage"), "sendSocketMessage:ok"},
		{failResult("sendSocketMessage", "WebSocket is not connected"), "sendSocketMessage:fail WebSocket is not connected"},
		{failResult("SocketTask.send", "SocketTask.readyState is not OPEN"), "SocketTask.send:fail SocketTask.readyState is not OPEN"},
		{okResult("closeSocket"), "closeSocket:ok"},
		{failResult("closeSocket", "WebSocket is not connected"), "closeSocket:fail WebSocket is not connected"},
		{failResult("closeSocket", "wcwss taskID not exist"), "closeSocket:fail wcwss taskID not exist"},
		{failResult("closeSocket", ""), "closeSocket:fail"},
	} {
		if got := c.r.errMsg(); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
