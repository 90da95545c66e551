package wxapi

import (
	"fmt"
	"math"
	"net/http"
	"reflect"
	"time"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ftoa"
	"github.com/gorilla/websocket"

	"github.com/wxrun/wxrun/internal/mailbox"
	"github.com/wxrun/wxrun/runtime"
)

// SocketTask readyState values (wx-socket spec §4). CLOSING is defined but never entered:
// WeChat keeps readyState at OPEN until the close event.
const (
	stateConnecting = 0
	stateOpen       = 1
	stateClosing    = 2
	stateClosed     = 3
)

type eventKind int

const (
	evOpen eventKind = iota
	evMessage
	evError
	evClose
	numEvents
)

// socketTask is the loop-side state of one SocketTask. Loop goroutine only; the network
// side is its *wsConn.
type socketTask struct {
	api        *API
	obj        *goja.Object
	url        string
	readyState int
	listeners  [numEvents][]goja.Callable
	conn       *wsConn // nil when the task never dialed (cap reached, URL rejected)

	opened   bool // open event delivered
	errored  bool // error event delivered
	finished bool // no event will ever follow (close delivered, or terminal error)
	aborting bool // closed while CONNECTING in abort mode: drop a late open
	closing  bool // a close was started (the script's, or an interruption): SocketsInProgress

	noProfile bool // enableProfile: false — onOpen's res has no profile

	sendSeq      uint64
	pendingSends []pendingSend // sends waiting for their outcome, in send order
}

// pendingSend is a send whose callbacks wait for its outcome: the writer's report for
// frame id, or, with id 0, a send the connection refused after earlier ones were queued,
// which fails as soon as those have their outcome (outcomes come in send order).
type pendingSend struct {
	id uint64
	cb *callbacks
}

var typeSocketTask = reflect.TypeOf((*socketTask)(nil))

// socketRegistry is the per-wx-namespace socket state: the SocketTask prototype, the
// tasks created through wx.connectSocket that have not finished, the "current global
// task" slot and the wx.onSocket* callbacks (spec §3). Loop goroutine only.
type socketRegistry struct {
	proto     *goja.Object
	taskKey   *goja.Symbol
	readyGet  goja.Value
	live      map[*socketTask]struct{}
	order     []*socketTask // live tasks in creation order, for wx.closeSocket
	slot      *socketTask
	globalCbs [numEvents]goja.Callable
	seq       int64 // the number of the last socket that dialled, for the trace
}

// installSocketTaskPrototype builds the prototype shared by every SocketTask: methods
// are not own properties (as in the base library); the constants and readyState are.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/SocketTask.html
func (a *API) installSocketTaskPrototype() {
	vm := a.vm
	reg := &a.sockets
	reg.live = make(map[*socketTask]struct{})
	reg.taskKey = goja.NewSymbol("SocketTask")
	reg.proto = vm.NewObject()
	method := func(name string, f func(t *socketTask, call goja.FunctionCall) goja.Value) {
		_ = reg.proto.Set(name, func(call goja.FunctionCall) goja.Value {
			return f(a.taskOf(call.This, name), call)
		})
	}
	method("send", a.taskSend)
	method("close", a.taskClose)
	for kind, name := range []string{"onOpen", "onMessage", "onError", "onClose"} {
		kind := eventKind(kind)
		method(name, func(t *socketTask, call goja.FunctionCall) goja.Value {
			// Each call adds a listener; the same function twice fires twice. Non-functions
			// are ignored, as WeChat's parameter check does silently.
			if f, ok := goja.AssertFunction(call.Argument(0)); ok {
				t.listeners[kind] = append(t.listeners[kind], f)
			}
			return goja.Undefined()
		})
	}
	reg.readyGet = vm.ToValue(func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(a.taskOf(call.This, "readyState").readyState)
	})
}

func (a *API) newTask(url string) *socketTask {
	reg := &a.sockets
	t := &socketTask{api: a, url: url, obj: a.vm.CreateObject(reg.proto)}
	o := t.obj
	_ = o.DefineDataPropertySymbol(reg.taskKey, a.vm.ToValue(t), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	for v, name := range []string{"CONNECTING", "OPEN", "CLOSING", "CLOSED"} {
		// Plain own data properties, as the base library's constructor assigns them.
		_ = o.Set(name, v)
	}
	_ = o.DefineAccessorProperty("readyState", reg.readyGet, nil, goja.FLAG_FALSE, goja.FLAG_TRUE)
	return t
}

// taskOf finds the task behind a SocketTask method's `this`, throwing the TypeError a
// detached method call gets in the base library. Scripts can reach the key symbol
// (Object.getOwnPropertySymbols), so the value under it is only exported once its type
// says it is a task: exporting anything else would run its getters or walk it.
func (a *API) taskOf(this goja.Value, method string) *socketTask {
	if o, ok := this.(*goja.Object); ok {
		if v := o.GetSymbol(a.sockets.taskKey); v != nil && v.ExportType() == typeSocketTask {
			if t, ok := v.Export().(*socketTask); ok {
				return t
			}
		}
	}
	panic(a.vm.NewTypeError(fmt.Sprintf("SocketTask.%s called on an object that is not a SocketTask", method)))
}

// emit delivers an event to the task's listeners, then to the wx.onSocket* callback when
// the task is the current global task, enforcing spec §9's invariants: onOpen at most
// once, onError at most once and before onClose, nothing after onClose.
func (t *socketTask) emit(kind eventKind, res *goja.Object) {
	if t.finished {
		return
	}
	switch kind {
	case evOpen:
		if t.opened || t.errored || t.aborting {
			return
		}
		t.opened = true
		t.readyState = stateOpen
	case evMessage:
		if t.errored || t.aborting {
			return
		}
	case evError:
		if t.errored {
			return
		}
		t.errored = true
		t.readyState = stateClosed
	case evClose:
		t.finished = true
		t.readyState = stateClosed
	}
	a := t.api
	// Listeners added while dispatching do not see this event: iterate a fixed length.
	ls := t.listeners[kind]
	for i, n := 0, len(ls); i < n; i++ {
		a.invoke(ls[i], res)
	}
	if a.sockets.slot == t {
		if cb := a.sockets.globalCbs[kind]; cb != nil {
			a.invoke(cb, res)
		}
	}
	if kind == evClose {
		t.finish()
	}
}

// failWithoutClose ends a task whose connection never opened and reports no onClose
// (refused handshakes, URL rejections): onError is its last event.
func (t *socketTask) failWithoutClose(errMsg string) {
	t.emit(evError, t.api.errorRes(errMsg))
	t.finished = true
	t.finish()
}

// finish forgets a task that will never emit again: its listeners are dropped (as the
// base library does after close) and sends still waiting for an answer fail, in send
// order. (The connection reports every send's outcome before its final event, so only a
// task whose connection never reported an end can have any.)
func (t *socketTask) finish() {
	t.finished = true
	t.listeners = [numEvents][]goja.Callable{}
	t.api.sockets.forget(t)
	pending := t.pendingSends
	t.pendingSends = nil
	for _, p := range pending {
		t.api.finish(p.cb, failResult("sendSocketMessage", errNotConnected.Error()))
	}
}

// queueSend hands a validated frame to the connection. cb's outcome comes when the
// writer has written the frame or given up on it. A connection that takes no more frames
// (closing, over, shut down) refuses it: cb fails at once, or, if earlier sends still
// wait for their outcome, right after them.
func (t *socketTask) queueSend(kind int, payload []byte, text string, cb *callbacks) {
	var id uint64
	if !cb.empty() {
		t.sendSeq++
		id = t.sendSeq
	}
	if t.conn == nil || !t.conn.send(outgoing{kind: kind, data: payload, text: text, id: id}) {
		switch {
		case id == 0:
		case len(t.pendingSends) > 0:
			// Earlier sends still wait for their outcome: fail after them, not before.
			t.pendingSends = append(t.pendingSends, pendingSend{0, cb})
		default:
			t.api.finish(cb, failResult("sendSocketMessage", errNotConnected.Error()))
		}
		return
	}
	if id != 0 {
		// The outcome is submitted by the writer as a job, which runs on a later turn
		// than this one: recording the send after queueing the frame is in time.
		t.pendingSends = append(t.pendingSends, pendingSend{id, cb})
	}
}

// sendDone reports the outcome of the oldest pending send, frame id, then fails the
// refused sends that waited behind it. Loop goroutine only.
func (t *socketTask) sendDone(id uint64, err error) {
	if len(t.pendingSends) == 0 || t.pendingSends[0].id != id {
		return // the task finished, and failed its pending sends, first
	}
	res := okResult("sendSocketMessage")
	if err != nil {
		res = failResult("sendSocketMessage", err.Error())
	}
	for {
		cb := t.pendingSends[0].cb
		t.pendingSends[0] = pendingSend{}
		t.pendingSends = t.pendingSends[1:]
		t.api.finish(cb, res)
		if len(t.pendingSends) == 0 || t.pendingSends[0].id != 0 {
			return
		}
		res = failResult("sendSocketMessage", errNotConnected.Error())
	}
}

// invoke calls a listener with res, reporting what it throws (wx.onError, App.onError)
// without propagating it, like every WeChat event dispatch.
func (a *API) invoke(f goja.Callable, res *goja.Object) {
	if _, err := f(goja.Undefined(), res); err != nil {
		a.host.ReportError(err)
	}
}

func (r *socketRegistry) add(t *socketTask) {
	r.live[t] = struct{}{}
	r.order = append(r.order, t)
}

func (r *socketRegistry) forget(t *socketTask) {
	if _, ok := r.live[t]; !ok {
		return
	}
	delete(r.live, t)
	for i, x := range r.order {
		if x == t {
			r.order = append(r.order[:i], r.order[i+1:]...)
			break
		}
	}
}

// active counts tasks whose JS-visible state is CONNECTING or OPEN (decision 1).
func (r *socketRegistry) active() int {
	n := 0
	for t := range r.live {
		if t.readyState == stateConnecting || t.readyState == stateOpen {
			n++
		}
	}
	return n
}

func (a *API) errorRes(errMsg string) *goja.Object {
	return a.plainObject([]field{{"errMsg", errMsg}})
}

// taskSend is SocketTask.send (spec §4): fails synchronously unless OPEN; success comes
// once the frame was written. Never returns a Promise. Its options are read first, each
// once, so a throwing getter throws out of the call before any callback or frame.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/SocketTask.send.html
func (a *API) taskSend(t *socketTask, call goja.FunctionCall) goja.Value {
	opts := optionsObject(call.Argument(0))
	data := option(opts, "data")
	cb, _ := a.parseCallbacks(opts, noPromise)
	if t.readyState != stateOpen {
		a.finish(cb, failResult("SocketTask.send", "SocketTask.readyState is not OPEN"))
		return goja.Undefined()
	}
	a.sendData(t, data, cb)
	return goja.Undefined()
}

// sendData validates data (string → text frame, ArrayBuffer → binary frame) and queues it.
func (a *API) sendData(t *socketTask, data goja.Value, cb *callbacks) {
	kind, payload, text, reason := a.messagePayload(data)
	if reason != "" {
		a.finish(cb, failResult("sendSocketMessage", reason))
		return
	}
	if !a.tr.Enabled() {
		text = "" // kept only for the trace, which records the frame once written
	}
	t.queueSend(kind, payload, text, cb)
}

// messagePayload converts send data (returning a text frame's string too): a string is a text frame, an ArrayBuffer a binary
// frame; everything else fails, Symbols, String objects and views of buffers included.
// The bytes of an ArrayBuffer are copied: they alias JS memory, which the writer
// goroutine must not share.
func (a *API) messagePayload(v goja.Value) (kind int, payload []byte, text, reason string) {
	switch kindOf(v) {
	case kindUndefined, kindNull:
		return 0, nil, "", "message is null or nil"
	case kindString:
		s, _ := stringArg(v)
		return websocket.TextMessage, []byte(s), s, ""
	case kindArrayBuffer:
		if buf, ok := v.Export().(goja.ArrayBuffer); ok && !buf.Detached() {
			return websocket.BinaryMessage, append([]byte(nil), buf.Bytes()...), "", ""
		}
	}
	return 0, nil, "", "unknown data"
}

// taskClose is SocketTask.close (spec §4): validates code and reason, reports
// closeSocket:ok at once (success means the request was accepted) and starts closing.
// Its options are read first, each once, as for send.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/SocketTask.close.html
func (a *API) taskClose(t *socketTask, call goja.FunctionCall) goja.Value {
	opts := optionsObject(call.Argument(0))
	code, reason, problem := closeParams(opts)
	cb, _ := a.parseCallbacks(opts, noPromise)
	a.closeTask(t, code, reason, problem, cb)
	return goja.Undefined()
}

// closeTask reports the outcome of a close request parsed by closeParams and, when it is
// ok, starts closing.
func (a *API) closeTask(t *socketTask, code int, reason, problem string, cb *callbacks) {
	if t.finished {
		a.finish(cb, failResult("closeSocket", "wcwss taskID not exist"))
		return
	}
	if problem != "" {
		a.finish(cb, failResult("closeSocket", problem))
		return
	}
	a.finish(cb, okResult("closeSocket"))
	t.requestClose(code, reason, a.cfg.closeWhileConnecting == CloseAborts)
}

// closeParams reads close's code and reason, once each, validated the way the native
// layer does (the texts are Chromium's, which the native layer mirrors). A code that is
// not a number means 1000 and a reason that is not a string means none.
func closeParams(opts *goja.Object) (code int, reason string, problem string) {
	code = websocket.CloseNormalClosure
	codeValue, reasonValue := option(opts, "code"), option(opts, "reason")
	if f, ok := numberArg(codeValue); ok {
		// Compared as a float: NaN, ±Infinity, 1e300 or 2⁵³ have no int to become.
		if f != websocket.CloseNormalClosure && (f < 3000 || f > 4999 || f != math.Trunc(f)) {
			return 0, "", "The code must be either 1000, or between 3000 and 4999. " + formatNumber(f) + " is neither."
		}
		code = int(f)
	}
	reason, _ = stringArg(reasonValue)
	if len(reason) > 123 || !utf8.ValidString(reason) {
		return 0, "", "The message must not be greater than 123 bytes."
	}
	return code, reason, ""
}

// formatNumber renders f as JavaScript's String(f) does ("1e+300", "Infinity", "0" for
// -0), with goja's own formatter.
func formatNumber(f float64) string {
	var buf [32]byte
	return string(ftoa.FToStr(f, ftoa.ModeStandard, 0, buf[:0]))
}

// requestClose asks the connection to close. Before the open event (JS-visible
// CONNECTING) WeChat ignores the request — the handshake completes and the socket stays
// open — unless abort mode is on.
func (t *socketTask) requestClose(code int, reason string, abort bool) {
	if t.conn == nil || t.finished {
		return
	}
	if !t.opened {
		if abort && !t.aborting {
			t.aborting = true
			t.conn.abort()
		}
		return
	}
	t.closing = true
	t.conn.close(code, reason)
}

func optionsObject(v goja.Value) *goja.Object {
	if o, ok := v.(*goja.Object); ok {
		return o
	}
	return nil
}

// taskEvents adapts a connection's events to the loop: each event is submitted as a
// macrotask that builds the res object and emits it. Messages are batched: the reader
// puts them in an inbox and only the first message of a burst submits a job, which then
// delivers everything the inbox holds. Order is kept, because any event submitted after a
// message lands behind the job that carries it.
//
// The methods are called on the connection's goroutines (see connEvents); the task is
// touched only inside the jobs they submit, on the loop goroutine.
type taskEvents struct {
	t        *socketTask
	hold     *runtime.Hold
	inbox    mailbox.Mailbox[inbound] // reader goroutine puts, drain (on the loop) takes
	drainJob func()
}

func newTaskEvents(t *socketTask, hold *runtime.Hold) *taskEvents {
	e := &taskEvents{t: t, hold: hold}
	e.drainJob = e.drain
	return e
}

func (e *taskEvents) opened(header http.Header, p profile) {
	t := e.t
	e.hold.Describe("WebSocket " + t.url + " (OPEN)")
	// An open socket waits for the server, or for the script to close it: a teardown
	// (runtime.Settle) does not wait for it, as it waits for one that is closing.
	e.hold.SetIdle(true)
	t.api.host.Submit(func() {
		a := t.api
		res := a.vm.NewObject()
		_ = res.Set("header", a.plainObject(headerFields(header)))
		if !t.noProfile {
			_ = res.Set("profile", a.plainObject(profileFields(p)))
		}
		t.emit(evOpen, res)
	})
}

func (e *taskEvents) message(m inbound) {
	if first, _ := e.inbox.Put(m); first {
		e.t.api.host.Submit(e.drainJob)
	}
}

// drain delivers every message waiting in the inbox. Loop goroutine only.
func (e *taskEvents) drain() {
	batch := e.inbox.TakeAll()
	t := e.t
	a := t.api
	released := 0
	for _, m := range batch {
		released += m.size()
		res := a.vm.NewObject()
		if m.data == nil {
			_ = res.Set("data", m.text)
		} else {
			// The reader copied the message out of its read buffer into a slice of its
			// own, which nothing else references: it can back the ArrayBuffer directly.
			_ = res.Set("data", a.vm.NewArrayBuffer(m.data))
		}
		t.emit(evMessage, res)
	}
	t.conn.delivered(released, len(batch))
	e.inbox.Recycle(batch)
}

// sent reports one send's outcome. The writer reports in send order, so it belongs to
// the oldest pending send.
func (e *taskEvents) sent(id uint64, err error) {
	t := e.t
	t.api.host.Submit(func() { t.sendDone(id, err) })
}

func (e *taskEvents) failed(errMsg string, closeCode int, closeReason string) {
	t := e.t
	t.api.host.Submit(func() {
		if closeCode < 0 {
			t.failWithoutClose(errMsg)
			return
		}
		t.emit(evError, t.api.errorRes(errMsg))
		t.emit(evClose, t.api.closeRes(closeCode, closeReason))
	})
}

func (e *taskEvents) closed(code int, reason string) {
	t := e.t
	t.api.host.Submit(func() { t.emit(evClose, t.api.closeRes(code, reason)) })
}

func (a *API) closeRes(code int, reason string) *goja.Object {
	return a.plainObject([]field{{"code", code}, {"reason", reason}})
}

// profileFields is res.profile of onOpen: timestamps in epoch milliseconds, durations in
// milliseconds, measured on the real connection.
func profileFields(p profile) []field {
	epoch := epochMillis(p.fetchStart)
	connectStart := orElse(p.connectStart, p.fetchStart)
	connectEnd := orElse(p.connectEnd, p.fetchStart)
	return []field{
		{"fetchStart", epoch(p.fetchStart)},
		{"domainLookUpStart", epoch(orElse(p.dnsStart, p.fetchStart))},
		{"domainLookUpEnd", epoch(orElse(p.dnsEnd, p.fetchStart))},
		{"connectStart", epoch(connectStart)},
		{"connectEnd", epoch(connectEnd)},
		{"rtt", connectEnd.Sub(connectStart).Milliseconds()},
		{"handshakeCost", p.opened.Sub(connectEnd).Milliseconds()},
		{"cost", p.opened.Sub(p.fetchStart).Milliseconds()},
	}
}

// epochMillis turns the times of one operation into epoch milliseconds: base's wall
// clock plus each time's monotonic offset from base. Timestamps so made agree with the
// durations measured between the same times (within the millisecond each is rounded to)
// even when the wall clock is stepped during the operation, as it is on a busy VM.
func epochMillis(base time.Time) func(time.Time) int64 {
	baseMs := base.UnixMilli()
	return func(t time.Time) int64 { return baseMs + t.Sub(base).Milliseconds() }
}

func orElse(t, fallback time.Time) time.Time {
	if t.IsZero() {
		return fallback
	}
	return t
}

func (a *API) plainObject(fields []field) *goja.Object {
	o := a.vm.NewObject()
	for _, f := range fields {
		_ = o.Set(f.name, f.value)
	}
	return o
}
