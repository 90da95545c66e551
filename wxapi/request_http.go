package wxapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/wxrun/wxrun/trace"
)

// maxRedirects is how many redirects a request follows, as Chromium (WeChat's Android
// network stack) does; one more fails with ERR_TOO_MANY_REDIRECTS.
const maxRedirects = 20

// maxChunksInFlight bounds the onChunkReceived events submitted but not yet delivered,
// so that a server streaming faster than the script reads is slowed by TCP flow control.
const maxChunksInFlight = 16

// chunkSize is the most one onChunkReceived event carries.
const chunkSize = 32 << 10

var (
	errTooManyRedirects = errors.New("too many redirects")
	errRedirectRejected = errors.New("redirect outside the request domain list")
)

// newHTTPClient returns the client wx.request uses: connections through the emulated
// network, certificates always verified against the system roots plus WithRootCAs, no
// proxy and no cookie jar (a mini program sends the cookies it set itself, as on a
// phone), redirects followed as Chromium does and, with URL checking on, only to URLs in
// the request domain list. With http2 the client offers HTTP/2 over TLS (enableHttp2).
func (a *API) newHTTPClient(http2 bool, domains func() domainList) *http.Client {
	base := (&net.Dialer{Resolver: a.cfg.resolver}).DialContext
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return a.link.dial(ctx, network, addr, base)
		},
		TLSClientConfig:     &tls.Config{RootCAs: a.cfg.rootCAs, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:   http2,
		MaxIdleConnsPerHost: DefaultMaxRequests,
		IdleConnTimeout:     90 * time.Second,
	}
	if !http2 {
		// A non-nil empty map turns HTTP/2 off.
		tr.TLSNextProto = map[string]func(string, *tls.Conn) http.RoundTripper{}
	}
	var rt http.RoundTripper = tr
	if a.cfg.transport != nil {
		rt = transportRoundTripper{t: a.cfg.transport, link: a.link}
	}
	return &http.Client{
		Transport: rt,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return errTooManyRedirects
			}
			if a.checkURLQuiet(req.URL.String(), domains()) != "" {
				return &redirectRejected{url: req.URL.String()}
			}
			if times, ok := req.Context().Value(requestTimesKey{}).(*requestTimes); ok {
				times.redirected()
			}
			return nil
		},
	}
}

type redirectRejected struct{ url string }

func (e *redirectRejected) Error() string {
	return "redirect to " + e.url + " outside the request domain list"
}
func (e *redirectRejected) Unwrap() error { return errRedirectRejected }

// httpResult is a response as the request goroutine read it: plain Go data.
type httpResult struct {
	status  int
	header  http.Header
	cookies []string
	body    []byte // nil with enableChunked, and for a download
	file    string // the file a download was saved to, as the script names it
	profile []field
	traced  []byte // the body for the trace (a chunked one included), when traced
}

// bodyPayload is a request's or response's body as the trace records it: text when it is
// valid UTF-8, else binary.
func bodyPayload(b []byte) trace.Payload {
	if utf8.Valid(b) {
		return trace.TextPayload(string(b))
	}
	return trace.BinaryPayload(b)
}

// run makes the request and reports it: headers, chunks with enableChunked, then done
// with the result or the failure. Request goroutine; every report is a job submitted to
// the loop, and done is the last.
func (t *requestTask) run(ctx context.Context, client *http.Client) {
	res, failure := t.roundTrip(ctx, client)
	if failure != nil && (context.Cause(ctx) == errRequestAborted || context.Cause(ctx) == errRequestShutdown) {
		failure = &requestFailure{reason: "abort"} // nobody will see it: the task is settled
	}
	if tr := t.reg.api.tr; tr.Enabled() && context.Cause(ctx) != errRequestShutdown {
		if failure != nil {
			tr.Emit(trace.Event{Type: trace.RequestFail, ID: t.id, ErrMsg: t.reg.name + ":fail " + failure.reason, Errno: failure.errno})
		} else {
			tr.Emit(trace.Event{Type: trace.Response, ID: t.id, Code: res.status, Header: res.header, Payload: bodyPayload(res.traced)})
		}
	}
	t.reg.api.host.Submit(func() { t.done(res, failure) })
}

func (t *requestTask) roundTrip(ctx context.Context, client *http.Client) (*httpResult, *requestFailure) {
	p := t.p
	times := &requestTimes{fetchStart: time.Now()}
	ctx = context.WithValue(ctx, requestTimesKey{}, times)
	ctx = httptrace.WithClientTrace(ctx, times.trace())
	req, err := http.NewRequestWithContext(ctx, p.method, p.url, bytes.NewReader(p.body))
	if err != nil {
		return nil, &requestFailure{reason: `invalid url "` + p.url + `"`, errno: errnoInvalidURL}
	}
	if t.upload {
		// The same body, counted as it is sent (a 307 or 308 sends it again).
		req.Body = io.NopCloser(&progressReader{r: bytes.NewReader(p.body), t: t, total: int64(len(p.body))})
	}
	req.Header = p.header
	tr := t.reg.api.tr
	if tr.Enabled() {
		tr.Emit(trace.Event{Type: trace.Request, ID: t.id, Method: p.method, URL: p.url, Header: p.header, Payload: bodyPayload(p.body)})
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, classifyRequestError(ctx, err, false)
	}
	defer resp.Body.Close()
	times.mark(&times.responseStart)
	header := resp.Header.Clone()
	t.reg.api.host.Submit(func() { t.headersReceived(header) })

	r := &httpResult{status: resp.StatusCode, header: resp.Header, cookies: resp.Header.Values("Set-Cookie")}
	received := 0
	if t.downloading {
		var traced *bytes.Buffer
		if tr.Enabled() {
			traced = new(bytes.Buffer) // the body goes to a file; the trace wants it too
		}
		var failure *requestFailure
		r.file, received, failure, err = t.saveDownload(ctx, resp, traced)
		if failure != nil {
			return nil, failure
		}
		if traced != nil {
			r.traced = traced.Bytes()
		}
	} else if p.chunked {
		var traced *bytes.Buffer
		if tr.Enabled() {
			traced = new(bytes.Buffer) // the chunks go to the script; the trace wants the body
		}
		received, err = t.streamChunks(ctx, resp.Body, traced)
		if traced != nil {
			r.traced = traced.Bytes()
		}
	} else {
		r.body, err = io.ReadAll(resp.Body)
		received = len(r.body)
		r.traced = r.body
	}
	if err != nil {
		return nil, classifyRequestError(ctx, err, true)
	}
	if r.body == nil {
		r.body = []byte{}
	}
	times.mark(&times.responseEnd)
	r.profile = times.fields(resp, len(p.body), received)
	return r, nil
}

// streamChunks hands the body to onChunkReceived piece by piece, as it arrives (one event
// per read, not per HTTP chunk: Go decodes the chunked encoding). It waits while
// maxChunksInFlight events are queued for the script.
func (t *requestTask) streamChunks(ctx context.Context, body io.Reader, traced *bytes.Buffer) (int, error) {
	buf := make([]byte, chunkSize)
	total := 0
	for {
		n, err := body.Read(buf)
		if n > 0 {
			total += n
			if traced != nil {
				traced.Write(buf[:n])
			}
			data := bytes.Clone(buf[:n])
			select {
			case t.chunkCredit <- struct{}{}:
			case <-ctx.Done():
				return total, ctx.Err()
			}
			t.reg.api.host.Submit(func() { t.chunkReceived(data) })
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// classifyRequestError turns what ended a request into WeChat's fail reason: "timeout"
// (errno 5) when the call's timeout passed, "url not in domain list" (600002) for a
// redirect out of the list, and otherwise the Chromium network error the failure is on
// Android, "-105:net::ERR_NAME_NOT_RESOLVED" and the like (600001). inBody tells a
// connection lost while reading the body from one lost before any response.
func classifyRequestError(ctx context.Context, err error, inBody bool) *requestFailure {
	var rejected *redirectRejected
	switch {
	case errors.Is(context.Cause(ctx), context.DeadlineExceeded) || deadlinePassed(ctx):
		return &requestFailure{reason: "timeout", errno: errnoTimeout}
	case errors.As(err, &rejected):
		return &requestFailure{reason: reasonNotInDomainList, errno: errnoNotInDomainList, rejected: rejected.url}
	}
	var given *RequestFailure
	if errors.As(err, &given) {
		return &requestFailure{reason: given.Reason, errno: given.Errno}
	}
	code, name := chromiumError(err, inBody)
	return &requestFailure{reason: fmt.Sprintf("%d:net::%s", code, name), errno: errnoNetwork}
}

// chromiumError names err as Chromium's network stack would (net_error_list.h), which is
// what WeChat on Android reports.
func chromiumError(err error, inBody bool) (int, string) {
	var dnsErr *net.DNSError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.Is(err, errTooManyRedirects):
		return -310, "ERR_TOO_MANY_REDIRECTS"
	case errors.Is(err, syscall.ENETDOWN):
		return -106, "ERR_INTERNET_DISCONNECTED"
	case errors.As(err, &dnsErr):
		return -105, "ERR_NAME_NOT_RESOLVED"
	case errors.Is(err, syscall.ECONNREFUSED):
		return -102, "ERR_CONNECTION_REFUSED"
	case errors.Is(err, syscall.ECONNRESET):
		return -101, "ERR_CONNECTION_RESET"
	case errors.Is(err, syscall.ECONNABORTED):
		return -103, "ERR_CONNECTION_ABORTED"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return -109, "ERR_ADDRESS_UNREACHABLE"
	case errors.Is(err, syscall.ETIMEDOUT):
		return -118, "ERR_CONNECTION_TIMED_OUT"
	case errors.As(err, &unknownCA):
		return -202, "ERR_CERT_AUTHORITY_INVALID"
	case errors.As(err, &hostErr):
		return -200, "ERR_CERT_COMMON_NAME_INVALID"
	case errors.As(err, &invalidCert) && invalidCert.Reason == x509.Expired:
		return -201, "ERR_CERT_DATE_INVALID"
	case errors.As(err, &invalidCert), errors.As(err, &certErr):
		return -207, "ERR_CERT_INVALID"
	case errors.As(err, &recordErr), errors.As(err, &alert),
		// net/http's words for a TLS handshake answered in plain HTTP.
		strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return -107, "ERR_SSL_PROTOCOL_ERROR"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		if inBody {
			return -100, "ERR_CONNECTION_CLOSED"
		}
		return -324, "ERR_EMPTY_RESPONSE"
	case isMalformedResponse(err):
		return -320, "ERR_INVALID_RESPONSE"
	}
	return -2, "ERR_FAILED"
}

// isMalformedResponse reports a response net/http could not parse.
func isMalformedResponse(err error) bool {
	var protoErr *http.ProtocolError
	if errors.As(err, &protoErr) {
		return true
	}
	s := err.Error()
	for _, part := range []string{"malformed HTTP", "bad Content-Length", "invalid Trailer", "unsupported transfer encoding"} {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}

// requestTimesKey finds a request's requestTimes in its context, for CheckRedirect.
type requestTimesKey struct{}

// requestTimes collects the moments of one request for res.profile, from httptrace hooks
// that run on the transport's goroutines: the dial's (dialTimes, shared with sockets) and
// those of TLS, the request and the response, under the same mutex, the first of each
// kept.
type requestTimes struct {
	dialTimes
	fetchStart time.Time
	// redirectStart is the start of the first hop that was redirected, redirectEnd when
	// the last redirect response arrived; the other moments are the final hop's.
	redirectStart, redirectEnd time.Time
	tlsStart, tlsEnd           time.Time
	requestStart, requestEnd   time.Time
	responseStart, responseEnd time.Time
	reused                     bool
	peer                       net.Addr
}

func (r *requestTimes) trace() *httptrace.ClientTrace {
	t := r.dialTimes.trace()
	t.TLSHandshakeStart = func() { r.mark(&r.tlsStart) }
	t.TLSHandshakeDone = func(tls.ConnectionState, error) { r.mark(&r.tlsEnd) }
	t.GotConn = func(info httptrace.GotConnInfo) {
		r.mark(&r.requestStart)
		r.mu.Lock()
		r.reused = info.Reused
		r.peer = info.Conn.RemoteAddr()
		r.mu.Unlock()
	}
	t.WroteRequest = func(httptrace.WroteRequestInfo) { r.mark(&r.requestEnd) }
	t.GotFirstResponseByte = func() { r.mark(&r.responseStart) }
	return t
}

// redirected starts the timing of the next hop.
func (r *requestTimes) redirected() {
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.redirectStart.IsZero() {
		r.redirectStart = r.fetchStart
	}
	r.redirectEnd = now
	for _, t := range []*time.Time{&r.dnsStart, &r.dnsEnd, &r.connectStart, &r.connectEnd, &r.tlsStart, &r.tlsEnd, &r.requestStart, &r.requestEnd, &r.responseStart} {
		*t = time.Time{}
	}
}

// fields is res.profile: timestamps in epoch milliseconds (a step that did not happen —
// no DNS for an IP, no connection for a reused one — has fetchStart's, as a browser's
// resource timing does; redirectStart and redirectEnd are 0 without a redirect),
// durations in milliseconds, and the connection's facts.
func (r *requestTimes) fields(resp *http.Response, sent, received int) []field {
	r.mu.Lock()
	defer r.mu.Unlock()
	epoch := epochMillis(r.fetchStart)
	ms := func(t time.Time) int64 { return epoch(orElse(t, r.fetchStart)) }
	orZero := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return epoch(t)
	}
	var rtt int64
	if !r.connectStart.IsZero() && !r.connectEnd.IsZero() {
		rtt = r.connectEnd.Sub(r.connectStart).Milliseconds()
	}
	peerIP, port := "", 0
	if tcp, ok := r.peer.(*net.TCPAddr); ok {
		peerIP, port = tcp.IP.String(), tcp.Port
	} else if r.peer != nil {
		if host, p, err := net.SplitHostPort(r.peer.String()); err == nil {
			peerIP = host
			port, _ = strconv.Atoi(p)
		}
	}
	protocol := "http/1.1"
	if resp.ProtoMajor == 2 {
		protocol = "h2"
	}
	return []field{
		{"redirectStart", orZero(r.redirectStart)},
		{"redirectEnd", orZero(r.redirectEnd)},
		{"fetchStart", epoch(r.fetchStart)},
		{"domainLookUpStart", ms(r.dnsStart)},
		{"domainLookUpEnd", ms(r.dnsEnd)},
		{"connectStart", ms(r.connectStart)},
		{"connectEnd", ms(r.connectEnd)},
		{"SSLconnectionStart", ms(r.tlsStart)},
		{"SSLconnectionEnd", ms(r.tlsEnd)},
		{"requestStart", ms(r.requestStart)},
		{"requestEnd", ms(r.requestEnd)},
		{"responseStart", ms(r.responseStart)},
		{"responseEnd", ms(r.responseEnd)},
		{"rtt", rtt},
		{"peerIP", peerIP},
		{"port", port},
		{"socketReused", r.reused},
		{"sendBytesCount", sent},
		{"receivedBytedCount", received}, // sic: WeChat's spelling
		{"protocol", protocol},
	}
}
