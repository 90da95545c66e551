package wxapi

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// The base library's URL check for wx.request, verbatim: anything else fails synchronously.
var requestURLPattern = regexp.MustCompile(`(?i)^(http|https)://.*`)

// requestMethods are the methods wx.request allows (PATCH is not one of them).
var requestMethods = map[string]bool{
	"OPTIONS": true, "GET": true, "HEAD": true, "POST": true,
	"PUT": true, "DELETE": true, "TRACE": true, "CONNECT": true,
}

// errno values WeChat attaches to wx.request failures (the "Errno错误码" table).
const (
	errnoTimeout         = 5      // the call's timeout passed
	errnoNetwork         = 600001 // a network error; the errMsg names Chromium's
	errnoNotInDomainList = 600002
	errnoInvalidURL      = 600009
)

// installRequest defines wx.request and the RequestTask prototype.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/request/wx.request.html
func (a *API) installRequest() {
	a.requests.init(a, "request", "RequestTask", a.requestDomains, func() int { return a.cfg.maxRequests }, requestSucceeded,
		map[string]func(*requestTask) *[]goja.Value{
			"ChunkReceived": func(t *requestTask) *[]goja.Value { return &t.chunkListeners },
		})
	// Not promisified: it returns a RequestTask (wx-socket spec §6).
	a.DefineAsync("request", false, a.request)
	a.host.OnShutdown(a.requests.shutdown)
}

// request is wx.request. Every option is read first, each once, and the data is encoded
// (JSON.stringify and toString may run script code, which may throw out of the call);
// then a parameter problem fails at once, before the call returns, and anything else
// comes on a later turn: success for every HTTP status, or fail for a network failure,
// the timeout, an abort or a URL outside the domain list.
func (a *API) request(c *Call) goja.Value {
	arg := c.Argument()
	if kindOf(arg) == kindUndefined {
		arg = nil // wx.request() checks {} against its template: the url is missing
	}
	argType := "Object"
	if arg != nil {
		argType = c.TypeName(arg)
	}
	urlValue := c.Get("url")
	rawURL, isString := stringArg(urlValue)
	var urlType string
	if !isString {
		urlType = c.TypeName(urlValue)
	}
	o, err := a.readRequestOptions(c)
	switch {
	case argType != "Object":
		c.FailParameter("parameter should be Object instead of " + argType + ";")
		return nil
	case !isString:
		c.FailParameter("parameter.url should be String instead of " + urlType + ";")
		return nil
	case !requestURLPattern.MatchString(rawURL):
		// The base library's template literal, verbatim: no quoting inside.
		c.FailWithErrno(errnoInvalidURL, `invalid url "`+rawURL+`"`)
		return nil
	case err != "":
		c.Fail(err)
		return nil
	}
	p, err := a.encodeRequest(rawURL, o)
	if err != "" {
		c.Fail(err)
		return nil
	}
	t := a.requests.newTask(c, p)
	a.requests.begin(t)
	return t.obj
}

// requestOptions are wx.request's options as read, before encoding.
type requestOptions struct {
	data         goja.Value
	header       http.Header
	method       string
	json         bool // dataType "json": parse the body, falling back to the text
	arraybuffer  bool // responseType "arraybuffer"
	timeout      time.Duration
	chunked      bool // enableChunked: the body goes to onChunkReceived
	http2        bool // enableHttp2
	noProfile    bool // enableProfile: false
	dataIsFunc   bool
	methodReason string
}

// readRequestOptions reads wx.request's options other than url, each once, in the base
// library's order. Wrongly typed values are unset (decision 16): a method that is not a
// string is GET, a dataType that is not a string is "json". It returns the failure
// reason of a bad data or method ("" if none), which comes after the url's.
func (a *API) readRequestOptions(c *Call) (requestOptions, string) {
	o := requestOptions{data: c.Get("data"), method: http.MethodGet, json: true, timeout: a.cfg.requestTimeout}
	o.header = a.userHeader("request", c.Get("header"))
	if m, ok := c.String("method"); ok {
		o.method = strings.ToUpper(m)
	}
	if dt, ok := c.String("dataType"); ok {
		o.json = dt == "json"
	}
	if rt, ok := c.String("responseType"); ok {
		o.arraybuffer = rt == "arraybuffer"
	}
	if ms, ok := c.Number("timeout"); ok && ms > 0 { // NaN > 0 is false
		o.timeout = millisDuration(ms)
	}
	o.chunked, _ = c.Bool("enableChunked")
	o.http2, _ = c.Bool("enableHttp2")
	if profile, ok := c.Bool("enableProfile"); ok && !profile {
		o.noProfile = true
	}
	switch {
	case kindOf(o.data) == kindFunction:
		return o, "data should not be Function"
	case !requestMethods[o.method]:
		return o, "method is invalid"
	}
	return o, ""
}

// encodeRequest turns the options into the HTTP request to make, encoding data as the
// base library does:
//   - GET: an object's own enumerable properties, or a string, are appended to the URL's
//     query (encodeURIComponent(k)=encodeURIComponent(String(v)), joined with "&"); there
//     is no body;
//   - otherwise a string is the body as it is, an ArrayBuffer its bytes, and any other
//     value is encoded by the content-type header (application/json unless set): a query
//     string for application/x-www-form-urlencoded, else JSON.stringify;
//   - undefined and null send nothing.
//
// It may run script code (toString, toJSON, getters), which may throw out of the call.
func (a *API) encodeRequest(rawURL string, o requestOptions) (requestParams, string) {
	h := o.header
	contentType := headerValueFold(h, "Content-Type")
	if contentType == "" {
		contentType = "application/json"
		h.Set("Content-Type", contentType)
	}
	a.clientHeaders(h)
	p := requestParams{
		method:      o.method,
		url:         rawURL,
		header:      h,
		json:        o.json,
		arraybuffer: o.arraybuffer,
		chunked:     o.chunked,
		http2:       o.http2,
		profile:     !o.noProfile,
		deadline:    time.Now().Add(o.timeout),
	}
	data := o.data
	switch kind := kindOf(data); {
	case kind == kindUndefined || kind == kindNull:
	case o.method == http.MethodGet:
		switch kind {
		case kindString:
			s, _ := stringArg(data)
			p.url = appendQuery(p.url, s)
		case kindObject:
			p.url = appendQuery(p.url, a.formEncode(data.(*goja.Object)))
		}
	case kind == kindString:
		s, _ := stringArg(data)
		p.body = []byte(s)
	case kind == kindArrayBuffer:
		if buf, ok := data.Export().(goja.ArrayBuffer); ok && !buf.Detached() {
			// Copied: the bytes alias JavaScript memory, which the request goroutine
			// must not share.
			p.body = append([]byte(nil), buf.Bytes()...)
		}
	case kind == kindObject && strings.Contains(strings.ToLower(contentType), "application/x-www-form-urlencoded"):
		p.body = []byte(a.formEncode(data.(*goja.Object)))
	default:
		s, err := a.requests.stringify(data)
		if err != nil {
			panic(err) // rethrown into the calling script, as the base library's JSON.stringify
		}
		p.body = []byte(s)
	}
	return p, ""
}

// formEncode is the base library's query-string encoding of an object:
// encodeURIComponent(key)=encodeURIComponent(String(value)) for each own enumerable
// property, joined with "&". A nested object becomes "[object Object]", as on a phone.
func (a *API) formEncode(obj *goja.Object) string {
	var b strings.Builder
	for i, k := range obj.Keys() {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(encodeURIComponent(k))
		b.WriteByte('=')
		b.WriteString(encodeURIComponent(obj.Get(k).String()))
	}
	return b.String()
}

// appendQuery adds query to rawURL's query string, before any fragment.
func appendQuery(rawURL, query string) string {
	if query == "" {
		return rawURL
	}
	base, fragment, hasFragment := strings.Cut(rawURL, "#")
	switch {
	case !strings.Contains(base, "?"):
		base += "?"
	case !strings.HasSuffix(base, "?") && !strings.HasSuffix(base, "&"):
		base += "&"
	}
	base += query
	if hasFragment {
		base += "#" + fragment
	}
	return base
}

// encodeURIComponent is JavaScript's: every byte of the UTF-8 form is escaped except
// A–Z a–z 0–9 - _ . ! ~ * ' ( ).
func encodeURIComponent(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-_.!~*'()", c) >= 0:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// headerValueFold returns the value of the header named name in any case: a script's
// header keeps the names as the script spelled them.
func headerValueFold(h http.Header, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// requestFailure is the fail reason and errno of a request that got no response.
type requestFailure struct {
	reason   string
	errno    int    // 0: none
	rejected string // the URL outside the request domain list, for the DevTools' message
}
