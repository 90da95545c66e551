package wxapi

import "github.com/wxrun/wxrun/trace"

// What the wx API traces (package trace), when the runtime it is installed on has a
// tracer (runtime.WithTracer):
//
//   - sockets (socket.go, socket_conn.go): the connect attempt on the loop goroutine; the
//     open, each message and the end on the connection's reader goroutine; each frame
//     written (close frames included) on its writer goroutine, just before it is written,
//     so that a frame is always recorded before the server's answer to it;
//   - requests (request_http.go): the request, then its response or failure, on the
//     request's goroutine, when it goes out to the network (a URL the domain list refuses
//     never does);
//   - every failed call (finish, throwResult): the errMsg the script sees.
//
// Each point checks Tracer.Enabled first: untraced, nothing is built.

// tracerOf returns the tracer of the runtime behind h, if it has one: *runtime.Runtime
// has Tracer. The Host interface itself does not require it, so other hosts still work.
func tracerOf(h Host) *trace.Tracer {
	if t, ok := h.(interface{ Tracer() *trace.Tracer }); ok {
		return t.Tracer()
	}
	return nil
}

// traceFail records a failed call: its API and errMsg, as the script sees them.
func (a *API) traceFail(r result) {
	if a.tr.Enabled() && !r.ok {
		a.tr.Emit(trace.Event{Type: trace.Fail, Name: r.api, ErrMsg: r.errMsg(), Errno: r.errno})
	}
}
