package wxapi

import (
	"crypto/tls"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/dop251/goja"
	"golang.org/x/net/http/httpguts"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
)

// The base library's scheme check, verbatim: anything else fails synchronously.
var socketURLPattern = regexp.MustCompile(`(?i)^(ws|wss)://.*`)

const userAgent = "wxrun (WeChat Mini Program logic-layer emulator)"

// installSocket defines wx.connectSocket and the legacy socket globals.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/wx.connectSocket.html
func (a *API) installSocket() {
	// Taken before any script runs, so that replacing Object.prototype.toString does not
	// change the type names in WeChat's parameter errors.
	a.toStringTag, _ = goja.AssertFunction(a.vm.Get("Object").ToObject(a.vm).Get("prototype").ToObject(a.vm).Get("toString"))
	a.installSocketTaskPrototype()
	_ = a.wx.Set("connectSocket", a.connectSocket)
	a.installSocketGlobals()
}

// connectSocket is wx.connectSocket (spec §1). Synchronous validation failures go to fail
// and return undefined; otherwise a SocketTask is returned and success runs before the
// call returns — success means the task exists, not that it is open.
//
// Everything that can run script code — option getters, Proxy traps, Symbol.toStringTag,
// the header's keys and values, the protocols' elements — runs first, each read once: if
// it throws, the exception leaves the call before any callback runs or anything is dialled.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/wx.connectSocket.html
func (a *API) connectSocket(call goja.FunctionCall) goja.Value {
	vm := a.vm
	arg := call.Argument(0)
	if goja.IsUndefined(arg) || goja.IsNull(arg) {
		// The base library destructures its argument.
		panic(vm.NewTypeError(fmt.Sprintf("Cannot read property 'url' of %s", arg.String())))
	}
	opts := optionsObject(arg)
	argType := a.jsTypeName(arg)
	urlValue := option(opts, "url")
	rawURL, isString := stringArg(urlValue)
	var urlType string
	if !isString {
		urlType = a.jsTypeName(urlValue)
	}
	o := a.readConnectOptions(opts)
	cb, _ := a.parseCallbacks(opts, noPromise)

	if argType != "Object" {
		// The base library checks its argument against the template {url: ""}.
		a.finish(cb, parameterError("connectSocket", "parameter should be Object instead of "+argType+";"))
		return goja.Undefined()
	}
	if !isString {
		a.finish(cb, parameterError("connectSocket", "parameter.url should be String instead of "+urlType+";"))
		return goja.Undefined()
	}
	if !socketURLPattern.MatchString(rawURL) {
		// The base library's template literal, verbatim: no quoting inside.
		a.finish(cb, failResult("connectSocket", `invalid url "`+rawURL+`"`))
		return goja.Undefined()
	}

	if o.cellularType != "" {
		a.warn("connectSocket argument forceCellularNetwork must be boolean but accept " + o.cellularType)
	}
	o.dial.url = rawURL
	t := a.newTask(rawURL)
	t.noProfile = o.noProfile
	reg := &a.sockets

	if a.cfg.legacySingleSocket {
		// Before base library 1.7.0 a new connection replaced the existing one.
		for _, old := range append([]*socketTask(nil), reg.order...) {
			old.readyState = stateClosed
			if old.opened {
				old.requestClose(1000, "", false)
			} else {
				old.requestClose(1000, "", true)
			}
		}
	}
	if max := a.cfg.maxSockets; max > 0 && reg.active() >= max {
		t.readyState = stateClosed
		t.finished = true
		a.finish(cb, failResult("connectSocket", fmt.Sprintf("fail reach max websocket connect count %d", max)))
		return t.obj
	}

	if o.forceCellular {
		// With forceCellularNetwork the callbacks come from the native bridge, later.
		a.host.Submit(func() { a.finish(cb, okResult("connectSocket")) })
	} else {
		a.finish(cb, okResult("connectSocket"))
	}
	if reg.slot == nil || reg.slot.readyState == stateClosed {
		reg.slot = t
	}
	reg.add(t)
	reg.seq++
	o.dial.tr, o.dial.id = a.tr, reg.seq
	if a.tr.Enabled() {
		p := &o.dial
		a.tr.Emit(trace.Event{Type: trace.SocketConnect, ID: p.id, URL: rawURL, Header: p.header, Protocols: p.protocols,
			ConnectTimeout: p.timeout, NoDelay: p.tcpNoDelay, Deflate: p.deflate})
	}

	if reason := a.checkSocketURL(rawURL); reason != "" {
		// Rejections are asynchronous: connectSocket:ok first, then onError, no onClose.
		if a.tr.Enabled() {
			a.tr.Emit(trace.Event{Type: trace.SocketError, ID: o.dial.id, ErrMsg: reason})
		}
		a.host.Submit(func() { t.failWithoutClose(reason) })
		return t.obj
	}
	hold := a.host.Hold("WebSocket " + rawURL + " (CONNECTING)")
	t.conn = startConn(o.dial, newTaskEvents(t, hold), hold)
	return t.obj
}

// connectOptions are wx.connectSocket's options other than url and the callbacks.
type connectOptions struct {
	dial          dialParams // without url
	noProfile     bool       // enableProfile: false — onOpen's res has no profile
	forceCellular bool       // forceCellularNetwork: true
	cellularType  string     // typeof a forceCellularNetwork that is neither boolean nor undefined
}

// readConnectOptions reads the connection options (spec §1), each once. Wrongly typed
// values are treated as unset, as the base library does; method and data are accepted and
// ignored.
func (a *API) readConnectOptions(opts *goja.Object) connectOptions {
	p := dialParams{
		header:     a.handshakeHeader(option(opts, "header")),
		timeout:    a.cfg.connectTimeout,
		maxMessage: a.cfg.maxMessageSize,
		tlsConfig:  &tls.Config{RootCAs: a.cfg.rootCAs, MinVersion: tls.VersionTLS12},
		resolver:   a.cfg.resolver,
		link:       a.link,
		transport:  a.cfg.transport,
	}
	p.tcpNoDelay, _ = boolArg(option(opts, "tcpNoDelay"))
	p.deflate, _ = boolArg(option(opts, "perMessageDeflate"))
	if ms, ok := numberArg(option(opts, "timeout")); ok && ms > 0 { // NaN > 0 is false
		p.timeout = millisDuration(ms)
	}
	p.protocols = a.subprotocols(option(opts, "protocols"))
	o := connectOptions{dial: p}
	switch cellular := option(opts, "forceCellularNetwork"); kindOf(cellular) {
	case kindBoolean:
		o.forceCellular = cellular.ToBoolean()
	case kindUndefined:
	default:
		o.cellularType = runtime.TypeOf(cellular)
	}
	// enableProfile (internal, default true): only false leaves profile out.
	if profile, ok := boolArg(option(opts, "enableProfile")); ok && !profile {
		o.noProfile = true
	}
	return o
}

// millisDuration converts a positive number of milliseconds to a Duration. A value past
// what a Duration holds (about 292 years; Infinity, 1e300) is no practical limit: it
// becomes the largest Duration rather than wrapping around to a negative one.
func millisDuration(ms float64) time.Duration {
	d := ms * float64(time.Millisecond)
	if d >= math.MaxInt64 { // 2⁶³ as a float64: converting it would overflow
		return math.MaxInt64
	}
	return time.Duration(d)
}

// subprotocols reads the protocols option: an array of strings, each offered in
// Sec-WebSocket-Protocol. Anything else is ignored; an element that is not a string, or
// not an HTTP token as RFC 6455 requires, is dropped with a warning.
func (a *API) subprotocols(v goja.Value) []string {
	arr, ok := v.(*goja.Object)
	// A Proxy exports as goja.Proxy, so ClassName, which throws for a revoked one, is
	// only asked of real objects; Sets export as slices too, hence the class check.
	if !ok || kindOf(v) != kindObject || arr.ExportType() != typeArray || arr.ClassName() != "Array" {
		return nil
	}
	var protocols []string
	for _, k := range arr.Keys() {
		s, ok := stringArg(arr.Get(k))
		if !ok || !httpguts.ValidHeaderFieldName(s) {
			a.warn(fmt.Sprintf("connectSocket: protocols[%s] dropped: not a string, or not a valid subprotocol token", k))
			continue
		}
		protocols = append(protocols, s)
	}
	return protocols
}

// handshakeHeader builds the handshake's request header from the header option (see
// userHeader), with the Referer and User-Agent the client sends itself.
func (a *API) handshakeHeader(v goja.Value) http.Header {
	h := a.userHeader("connectSocket", v)
	a.clientHeaders(h)
	return h
}

// userHeader converts a header option, as the base library does for every network API:
// strings kept, numbers converted, anything else rendered by Object.prototype.toString; a
// header option that is not an object (or is a function) is ignored, as the base
// library's typeof test does. Referer cannot be set: the client sends its own. A name or
// value that HTTP does not allow is dropped with a warning naming api.
func (a *API) userHeader(api string, v goja.Value) http.Header {
	h := http.Header{}
	if kindOf(v) != kindObject {
		return h
	}
	obj := v.(*goja.Object)
	for _, k := range obj.Keys() {
		if strings.EqualFold(k, "Referer") {
			continue
		}
		val := obj.Get(k)
		var s string
		switch kindOf(val) {
		case kindString, kindNumber:
			s = val.String() // no script code for primitives; numbers as String(n)
		default:
			s = a.objectToString(val)
		}
		if !httpguts.ValidHeaderFieldName(k) || !httpguts.ValidHeaderFieldValue(s) {
			// A CR/LF or other control character would let a header smuggle others.
			a.warn(fmt.Sprintf("%s: header %q dropped: invalid header name or value", api, k))
			continue
		}
		h[k] = []string{s} // as the script spelled it: some servers care
	}
	return h
}

// clientHeaders adds what WeChat's client sends on every connection: its Referer
// (https://servicewechat.com/{appid}/devtools/page-frame.html) and, unless the script set
// one, its User-Agent.
func (a *API) clientHeaders(h http.Header) {
	h.Set("Referer", "https://servicewechat.com/"+a.cfg.appID+"/devtools/page-frame.html")
	if headerValueFold(h, "User-Agent") == "" {
		h.Set("User-Agent", userAgent)
	}
}

// checkSocketURL applies WeChat's domain rules when URL checking is on (spec §2) and
// returns the onError text for a rejected URL, or "" to connect.
func (a *API) checkSocketURL(rawURL string) string {
	reason := a.checkURL(rawURL, a.socketDomains())
	if reason == reasonNotInDomainList {
		return a.cfg.device.domainRejection // the device profile's text for it
	}
	return reason
}

// checkSocketURLQuiet is checkSocketURL without the console message.
func (a *API) checkSocketURLQuiet(rawURL string) string {
	return a.checkURLQuiet(rawURL, a.socketDomains())
}

// checkURL is checkURLQuiet, printing what the DevTools print for a URL outside l.
func (a *API) checkURL(rawURL string, l domainList) string {
	reason := a.checkURLQuiet(rawURL, l)
	if reason == reasonNotInDomainList {
		a.printDomainRejection(rawURL, l)
	}
	return reason
}

// The reasons checkURLQuiet gives, in WeChat's words.
const (
	reasonNotInDomainList = "url not in domain list"
	reasonNotWellFormat   = "url not well format"
)

// checkURLQuiet returns why rawURL may not be reached under the rules of domain list l
// (URL checking on), or "".
func (a *API) checkURLQuiet(rawURL string, l domainList) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return reasonNotWellFormat
	}
	if !a.cfg.urlCheck {
		return ""
	}
	if allowed, _ := a.urlAllowed(u, l); allowed {
		return ""
	}
	return reasonNotInDomainList
}

// printDomainRejection prints what the DevTools print for a URL outside the domain list.
func (a *API) printDomainRejection(rawURL string, l domainList) {
	fmt.Fprintf(a.host.Stderr(), "%s 不在以下 %s 合法域名列表中，请参考文档：https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html\n", rawURL, l.name)
	if len(l.domains) > 0 {
		fmt.Fprintf(a.host.Stderr(), "  allowed: %s\n", strings.Join(l.domains, ", "))
	}
	fmt.Fprintf(a.host.Stderr(), "  (wxrun: allow it with %s HOST, or run without --url-check)\n", l.flag)
}

// warn prints a console-style warning on the error stream.
func (a *API) warn(msg string) {
	fmt.Fprintln(a.host.Stderr(), msg)
}

// shutdown tears down every connection when the runtime shuts down (timeout, signal,
// Close): a close frame 1001 "going away", no further events. It waits, bounded, for the
// connections' goroutines so none outlives the runtime.
func (a *API) shutdown() {
	var conns []*wsConn
	for t := range a.sockets.live {
		if t.conn != nil {
			conns = append(conns, t.conn)
		}
	}
	for _, c := range conns {
		c.shutdown()
	}
	deadline := time.After(5 * time.Second)
	for _, c := range conns {
		select {
		case <-c.done:
		case <-deadline:
			return
		}
	}
}

// InterruptSockets ends every socket that is connecting or open the way WeChat does when
// the mini program has stayed in the background too long (wx-socket spec §9, "app goes to
// background"): the server gets a close frame 1001 "going away", and the script's last
// event for the socket is onClose{code: 1000, reason: "interrupted"}, on a later turn and
// without onError; sends still waiting fail. The project host calls it; it does not
// decide when. Loop goroutine only.
func (a *API) InterruptSockets() {
	for _, t := range a.sockets.order {
		if t.conn != nil && !t.finished {
			t.closing = true
			t.conn.interrupt()
		}
	}
}

// ResetSockets tears down every socket silently (as shutdown does, with close code 1001)
// and forgets the global task and the wx.onSocket* callbacks, returning the socket API to
// its initial state. Test harnesses call it between tests. Loop goroutine only.
func (a *API) ResetSockets() {
	reg := &a.sockets
	a.shutdown()
	for _, t := range append([]*socketTask(nil), reg.order...) {
		t.finished = true
		t.readyState = stateClosed
		t.listeners = [numEvents][]goja.Callable{}
		reg.forget(t)
	}
	reg.slot = nil
	reg.globalCbs = [numEvents]goja.Callable{}
}

// option reads one option, once; a missing options object has none.
func option(opts *goja.Object, name string) goja.Value {
	if opts == nil {
		return nil
	}
	return opts.Get(name)
}
