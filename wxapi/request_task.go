package wxapi

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
)

// requestRegistry is the per-API state of one HTTP family — wx.request, wx.downloadFile or
// wx.uploadFile, each with its own domain list and its own maxRequests slots, as WeChat
// counts them: the task prototype (RequestTask, DownloadTask, UploadTask), the HTTP
// clients, and the tasks running or waiting for a slot. Loop goroutine only, except the
// clients and wg, which the request goroutines use.
type requestRegistry struct {
	api      *API
	name     string            // the API: "request", "downloadFile", "uploadFile"
	domains  func() domainList // its domain list
	max      func() int        // its concurrency limit (<= 0: none)
	succeed  func(t *requestTask, res *httpResult)
	proto    *goja.Object
	taskKey  *goja.Symbol
	taskName string // "RequestTask", for the TypeError of a detached method

	http1, http2 *http.Client // enableHttp2 picks the second

	running map[*requestTask]struct{}
	queue   []*requestTask // waiting for a slot, in call order
	wg      sync.WaitGroup // the request goroutines

	jsonParse, jsonStringify goja.Callable // taken before any script runs
}

var typeRequestTask = reflect.TypeOf((*requestTask)(nil))

// init sets r up for the API name, whose tasks are taskName objects with abort,
// on/offHeadersReceived and, for each name in listeners, on<name>/off<name> adding to and
// removing from the list that listener picks.
func (r *requestRegistry) init(a *API, name, taskName string, domains func() domainList, max func() int,
	succeed func(*requestTask, *httpResult), listeners map[string]func(*requestTask) *[]goja.Value) {
	vm := a.vm
	r.api, r.name, r.taskName, r.domains, r.max, r.succeed = a, name, taskName, domains, max, succeed
	r.running = make(map[*requestTask]struct{})
	r.http1 = a.newHTTPClient(false, domains)
	r.http2 = a.newHTTPClient(true, domains)
	json := vm.Get("JSON").ToObject(vm)
	r.jsonParse, _ = goja.AssertFunction(json.Get("parse"))
	r.jsonStringify, _ = goja.AssertFunction(json.Get("stringify"))

	// https://developers.weixin.qq.com/miniprogram/dev/api/network/request/RequestTask.html
	r.taskKey = goja.NewSymbol(taskName)
	r.proto = vm.NewObject()
	method := func(name string, f func(t *requestTask, arg goja.Value)) {
		_ = r.proto.Set(name, func(call goja.FunctionCall) goja.Value {
			f(r.taskOf(call.This, name), call.Argument(0))
			return goja.Undefined()
		})
	}
	method("abort", func(t *requestTask, _ goja.Value) { t.abort() })
	// Each on* call adds a listener (a non-function is ignored); off* removes every
	// registration of the function, or all listeners without an argument.
	listeners["HeadersReceived"] = func(t *requestTask) *[]goja.Value { return &t.headerListeners }
	for _, event := range slices.Sorted(maps.Keys(listeners)) {
		list := listeners[event]
		method("on"+event, func(t *requestTask, f goja.Value) { l := list(t); *l = addListener(*l, f) })
		method("off"+event, func(t *requestTask, f goja.Value) { l := list(t); *l = removeListener(*l, f) })
	}
}

func addListener(ls []goja.Value, f goja.Value) []goja.Value {
	if kindOf(f) == kindFunction {
		return append(ls, f)
	}
	return ls
}

// taskOf finds the task behind a RequestTask method's `this`, throwing the TypeError a
// detached method call gets; see (*API).taskOf for why the value is checked before it is
// exported.
func (r *requestRegistry) taskOf(this goja.Value, method string) *requestTask {
	if o, ok := this.(*goja.Object); ok {
		if v := o.GetSymbol(r.taskKey); v != nil && v.ExportType() == typeRequestTask {
			if t, ok := v.Export().(*requestTask); ok {
				return t
			}
		}
	}
	panic(r.api.vm.NewTypeError(fmt.Sprintf("%s.%s called on an object that is not a %s", r.taskName, method, r.taskName)))
}

// stringify is JSON.stringify(v) as the base library encodes request data: undefined
// (a Symbol, say) sends nothing.
func (r *requestRegistry) stringify(v goja.Value) (string, error) {
	s, err := r.jsonStringify(goja.Undefined(), v)
	if err != nil {
		return "", err
	}
	if goja.IsUndefined(s) {
		return "", nil
	}
	return s.String(), nil
}

// requestParams is one request as the request goroutine makes it: plain Go data.
type requestParams struct {
	method, url string
	header      http.Header
	body        []byte
	json        bool // dataType "json"
	arraybuffer bool // responseType "arraybuffer"
	chunked     bool // enableChunked
	http2       bool // enableHttp2
	profile     bool // enableProfile
	deadline    time.Time
}

// requestTask is the loop-side state of one RequestTask. Loop goroutine only; the network
// side is its goroutine (request_http.go), which reports through Submit.
type requestTask struct {
	reg  *requestRegistry
	obj  *goja.Object
	call *Call
	p    requestParams
	hold *runtime.Hold
	id   int64 // its number in the trace

	started bool // it has a slot and a goroutine
	settled bool // its outcome was delivered, or decided (abort): nothing more reaches the script
	cancel  context.CancelCauseFunc

	headerListeners, chunkListeners []goja.Value
	chunkCredit                     chan struct{} // chunks submitted but not yet delivered

	transfer // downloadFile's and uploadFile's part (transfer.go)
}

// errRequestAborted and errRequestShutdown are why a request's context was cancelled.
var (
	errRequestAborted  = errors.New("aborted")
	errRequestShutdown = errors.New("runtime shut down")
)

func (r *requestRegistry) newTask(c *Call, p requestParams) *requestTask {
	r.api.requestSeq++ // one numbering for the three families: their trace events share it
	t := &requestTask{reg: r, call: c, p: p, id: r.api.requestSeq, obj: r.api.vm.CreateObject(r.proto)}
	_ = t.obj.DefineDataPropertySymbol(r.taskKey, r.api.vm.ToValue(t), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_FALSE)
	return t
}

// begin starts t, or queues it when maxRequests are running. A URL outside the request
// domain list (URL checking on) fails on a later turn without taking a slot.
func (r *requestRegistry) begin(t *requestTask) {
	a := r.api
	t.hold = a.host.Hold(t.describe())
	if reason := a.checkURLQuiet(t.p.url, r.domains()); reason != "" {
		t.settled = true
		failure := requestFailure{reason: reason, errno: errnoNotInDomainList, rejected: t.p.url}
		if reason == reasonNotWellFormat {
			failure = requestFailure{reason: `invalid url "` + t.p.url + `"`, errno: errnoInvalidURL}
		}
		a.host.Submit(func() { t.fail(failure) })
		t.hold.Release()
		return
	}
	if max := r.max(); max > 0 && len(r.running) >= max {
		t.hold.Describe(t.describe() + " (queued)")
		r.queue = append(r.queue, t)
		return
	}
	r.start(t)
}

// describe is what a run that times out lists for t: "wx.request GET https://…".
func (t *requestTask) describe() string {
	return "wx." + t.reg.name + " " + t.p.method + " " + t.p.url
}

// start gives t a slot and its goroutine.
func (r *requestRegistry) start(t *requestTask) {
	t.started = true
	r.running[t] = struct{}{}
	ctx, cancel := context.WithDeadline(context.Background(), t.p.deadline)
	ctx, cancelCause := context.WithCancelCause(ctx)
	t.cancel = func(cause error) { cancelCause(cause); cancel() }
	if t.p.chunked {
		t.chunkCredit = make(chan struct{}, maxChunksInFlight)
	}
	client := r.http1
	if t.p.http2 {
		client = r.http2
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer t.hold.Release() // after the last event was submitted
		t.run(ctx, client)
		t.cancel(nil)
	}()
}

// finished frees t's slot and starts the next queued request. Loop goroutine, from the
// job t's goroutine submits last.
func (r *requestRegistry) finished(t *requestTask) {
	delete(r.running, t)
	for len(r.queue) > 0 && (r.max() <= 0 || len(r.running) < r.max()) {
		next := r.queue[0]
		r.queue[0] = nil
		r.queue = r.queue[1:]
		next.hold.Describe(next.describe())
		r.start(next)
	}
}

// abort is RequestTask.abort: a request not yet finished fails with "request:fail abort"
// on a later turn, and nothing else of it reaches the script after abort returns — no
// success, no more headers or chunks — even if the response is already on its way.
// Aborting a finished request does nothing.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/request/RequestTask.abort.html
func (t *requestTask) abort() {
	if t.settled {
		return
	}
	t.settled = true
	a := t.reg.api
	a.host.Submit(func() { t.fail(requestFailure{reason: "abort"}) })
	if t.started {
		t.cancel(errRequestAborted) // the goroutine ends and frees the slot
		return
	}
	r := t.reg
	if i := slices.Index(r.queue, t); i >= 0 {
		r.queue = slices.Delete(r.queue, i, i+1)
	}
	t.hold.Release()
}

// fail reports a failure: "request:fail <reason>", with its errno if any.
func (t *requestTask) fail(f requestFailure) {
	if f.errno != 0 {
		t.call.FailWithErrno(f.errno, f.reason)
	} else {
		t.call.Fail(f.reason)
	}
	if f.rejected != "" {
		// Printed here, on the loop, for the URL itself and for a redirect alike.
		t.reg.api.printDomainRejection(f.rejected, t.reg.domains())
	}
}

// shutdown cancels every request when the runtime shuts down and waits, bounded, for
// their goroutines; nothing more is reported.
func (r *requestRegistry) shutdown() {
	for t := range r.running {
		t.settled = true
		t.cancel(errRequestShutdown)
	}
	for _, t := range r.queue {
		t.settled = true
		t.hold.Release()
	}
	r.queue = nil
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	r.closeIdle()
}

// closeIdle closes the kept-alive connections of both clients. Safe from any goroutine.
func (r *requestRegistry) closeIdle() {
	r.http1.CloseIdleConnections()
	r.http2.CloseIdleConnections()
}

// The events of one request, submitted by its goroutine in this order: headers, chunks,
// then exactly one done. Each runs on the loop goroutine and does nothing once the task is
// settled.

// headersReceived runs the onHeadersReceived listeners with {header}.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/request/RequestTask.onHeadersReceived.html
func (t *requestTask) headersReceived(h http.Header) {
	if t.settled || len(t.headerListeners) == 0 {
		return
	}
	a := t.reg.api
	res := a.plainObject([]field{{"header", a.plainObject(headerFields(h))}})
	t.dispatch(t.headerListeners, res)
}

// chunkReceived runs the onChunkReceived listeners with {data: ArrayBuffer}.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/request/RequestTask.onChunkReceived.html
func (t *requestTask) chunkReceived(data []byte) {
	<-t.chunkCredit
	if t.settled || len(t.chunkListeners) == 0 {
		return
	}
	a := t.reg.api
	// data is the goroutine's copy, referenced by nothing else: it can back the buffer.
	res := a.plainObject([]field{{"data", a.vm.NewArrayBuffer(data)}})
	t.dispatch(t.chunkListeners, res)
}

// dispatch calls the listeners registered now with res; a throwing listener is reported
// and the others still run.
func (t *requestTask) dispatch(ls []goja.Value, res *goja.Object) {
	for i, n := 0, len(ls); i < n && !t.settled; i++ {
		t.reg.api.host.CallFunction(ls[i], goja.Undefined(), res)
	}
}

// done delivers the outcome and frees the slot.
func (t *requestTask) done(res *httpResult, failure *requestFailure) {
	t.reg.finished(t)
	if t.settled {
		return
	}
	t.settled = true
	if failure != nil {
		t.fail(*failure)
		return
	}
	t.reg.succeed(t, res)
}

// succeed reports success with {data, header, statusCode, cookies, profile}: data is the
// body as text (one UTF-8 byte order mark removed), parsed as JSON when dataType is
// "json" and it parses, or an ArrayBuffer with responseType "arraybuffer". With
// enableChunked the body went to onChunkReceived and data is empty.
func requestSucceeded(t *requestTask, res *httpResult) {
	a := t.reg.api
	var data goja.Value
	if t.p.arraybuffer {
		data = a.vm.ToValue(a.vm.NewArrayBuffer(res.body))
	} else {
		text := string(res.body)
		if len(text) >= 3 && text[:3] == "\xef\xbb\xbf" {
			text = text[3:]
		}
		data = a.vm.ToValue(text)
		if t.p.json {
			if parsed, err := t.reg.jsonParse(goja.Undefined(), data); err == nil {
				data = parsed
			}
		}
	}
	cookies := make([]any, len(res.cookies))
	for i, c := range res.cookies {
		cookies[i] = c
	}
	fields := []Field{
		{"data", data},
		{"header", a.plainObject(headerFields(res.header))},
		{"statusCode", res.status},
		{"cookies", a.vm.NewArray(cookies...)},
	}
	if t.p.profile {
		fields = append(fields, Field{"profile", a.plainObject(res.profile)})
	}
	t.call.Succeed(fields...)
}
