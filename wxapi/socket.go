package wxapi

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/dop251/goja"
	"golang.org/x/net/http/httpguts"

	"github.com/wxrun/wxrun/runtime"
)

// The base library's scheme check, verbatim: anything else fails synchronously.
var socketURLPattern = regexp.MustCompile(`(?i)^(ws|wss)://.*`)

const userAgent = "wxrun (WeChat Mini Program logic-layer emulator)"

// installSocket defines wx.connectSocket and the legacy socket globals.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/wx.connectSocket.html
func (a *API) installSocket() {
	a.installSocketTaskPrototype()
	_ = a.wx.Set("connectSocket", a.connectSocket)
	a.installSocketGlobals()
}

// connectSocket is wx.connectSocket (spec §1). Synchronous validation failures go to fail
// and return undefined; otherwise a SocketTask is returned and success runs before the
// call returns — success means the task exists, not that it is open.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/websocket/wx.connectSocket.html
func (a *API) connectSocket(call goja.FunctionCall) goja.Value {
	vm := a.vm
	arg := call.Argument(0)
	if goja.IsUndefined(arg) || goja.IsNull(arg) {
		// The base library destructures its argument.
		panic(vm.NewTypeError(fmt.Sprintf("Cannot read property 'url' of %s", arg.String())))
	}
	opts := arg.ToObject(vm)
	cb, _ := a.parseCallbacks(opts, noPromise)

	urlValue := opts.Get("url")
	rawURL, isString := exportOf(urlValue).(string)
	if urlValue == nil || !isString {
		r := failResult("connectSocket", "parameter error: parameter.url should be String instead of "+a.jsTypeName(urlValue)+";")
		r.errno = 1001
		a.finish(cb, r)
		return goja.Undefined()
	}
	if !socketURLPattern.MatchString(rawURL) {
		a.finish(cb, failResult("connectSocket", fmt.Sprintf("invalid url %q", rawURL)))
		return goja.Undefined()
	}

	params := a.socketParams(opts, rawURL)
	t := a.newTask(rawURL)
	// enableProfile (internal, default true): false leaves profile out of onOpen's res.
	t.noProfile = exportOf(opts.Get("enableProfile")) == false
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

	if forced, _ := exportOf(opts.Get("forceCellularNetwork")).(bool); forced {
		// With forceCellularNetwork the callbacks come from the native bridge, later.
		a.host.Submit(func() { a.finish(cb, okResult("connectSocket")) })
	} else {
		a.finish(cb, okResult("connectSocket"))
	}
	if reg.slot == nil || reg.slot.readyState == stateClosed {
		reg.slot = t
	}
	reg.add(t)

	if reason := a.checkSocketURL(rawURL); reason != "" {
		// Rejections are asynchronous: connectSocket:ok first, then onError, no onClose.
		a.host.Submit(func() { t.failWithoutClose(reason) })
		return t.obj
	}
	hold := a.host.Hold("WebSocket " + rawURL + " (CONNECTING)")
	t.conn = startConn(params, newTaskEvents(t, hold), hold)
	return t.obj
}

// socketParams reads the connection options (spec §1). Wrongly typed values are treated
// as unset, as the base library does; method and data are accepted and ignored.
func (a *API) socketParams(opts *goja.Object, rawURL string) dialParams {
	p := dialParams{
		url:        rawURL,
		header:     a.handshakeHeader(opts.Get("header")),
		timeout:    a.cfg.connectTimeout,
		maxMessage: a.cfg.maxMessageSize,
		tlsConfig:  &tls.Config{RootCAs: a.cfg.rootCAs, MinVersion: tls.VersionTLS12},
		resolver:   a.cfg.resolver,
	}
	if v, ok := exportOf(opts.Get("tcpNoDelay")).(bool); ok {
		p.tcpNoDelay = v
	}
	if v, ok := exportOf(opts.Get("perMessageDeflate")).(bool); ok {
		p.deflate = v
	}
	switch ms := exportOf(opts.Get("timeout")).(type) {
	case int64:
		if ms > 0 {
			p.timeout = time.Duration(ms) * time.Millisecond
		}
	case float64:
		if ms > 0 {
			p.timeout = time.Duration(ms * float64(time.Millisecond))
		}
	}
	if protocols, ok := opts.Get("protocols").(*goja.Object); ok && protocols.ClassName() == "Array" {
		for _, k := range protocols.Keys() {
			if v := protocols.Get(k); v != nil {
				p.protocols = append(p.protocols, v.String())
			}
		}
	}
	if v := opts.Get("forceCellularNetwork"); v != nil && !goja.IsUndefined(v) {
		if _, ok := v.Export().(bool); !ok {
			a.warn(fmt.Sprintf("connectSocket argument forceCellularNetwork must be boolean but accept %s", runtime.TypeOf(v)))
		}
	}
	return p
}

// handshakeHeader builds the request header from the header option: strings kept,
// numbers converted, anything else rendered by Object.prototype.toString; non-object
// header options are ignored. Referer cannot be set: the client sends its own.
func (a *API) handshakeHeader(v goja.Value) http.Header {
	h := http.Header{}
	if obj, ok := v.(*goja.Object); ok && obj.ClassName() != "Function" {
		for _, k := range obj.Keys() {
			if strings.EqualFold(k, "Referer") {
				continue
			}
			val := obj.Get(k)
			var s string
			switch x := exportOf(val).(type) {
			case string:
				s = x
			case int64, float64:
				s = val.String()
			default:
				s = a.objectToString(val)
			}
			if !httpguts.ValidHeaderFieldName(k) || !httpguts.ValidHeaderFieldValue(s) {
				// A CR/LF or other control character would let a header smuggle others.
				a.warn(fmt.Sprintf("connectSocket: header %q dropped: invalid header name or value", k))
				continue
			}
			h[k] = []string{s}
		}
	}
	h.Set("Referer", "https://servicewechat.com/"+a.cfg.appID+"/devtools/page-frame.html")
	if h.Get("User-Agent") == "" {
		h.Set("User-Agent", userAgent)
	}
	return h
}

// checkSocketURL applies WeChat's domain rules when URL checking is on (spec §2) and
// returns the onError text for a rejected URL, or "" to connect.
func (a *API) checkSocketURL(rawURL string) string {
	reason := a.checkSocketURLQuiet(rawURL)
	if reason == "url not in domain list" {
		a.printDomainRejection(rawURL)
	}
	return reason
}

// checkSocketURLQuiet is checkSocketURL without the console message.
func (a *API) checkSocketURLQuiet(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return "url not well format"
	}
	if !a.cfg.urlCheck {
		return ""
	}
	if allowed, _ := a.urlAllowed(u); allowed {
		return ""
	}
	return "url not in domain list"
}

// printDomainRejection prints what the DevTools print for a URL outside the domain list.
func (a *API) printDomainRejection(rawURL string) {
	fmt.Fprintf(a.host.Stderr(), "%s 不在以下 socket 合法域名列表中，请参考文档：https://developers.weixin.qq.com/miniprogram/dev/framework/ability/network.html\n", rawURL)
	if len(a.cfg.allowedDomains) > 0 {
		fmt.Fprintf(a.host.Stderr(), "  allowed: %s\n", strings.Join(a.cfg.allowedDomains, ", "))
	}
	fmt.Fprintf(a.host.Stderr(), "  (wxrun: allow it with --allow-domain HOST, or run without --url-check)\n")
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

// exportOf is v.Export() that tolerates a missing property (nil).
func exportOf(v goja.Value) any {
	if v == nil {
		return nil
	}
	return v.Export()
}
