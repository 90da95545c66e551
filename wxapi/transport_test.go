package wxapi

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/wxrun/wxrun/wstest"
)

// redirectTransport carries every socket and request to one local server, whatever the
// URL says, and records the URLs it was asked for.
type redirectTransport struct {
	srv *wstest.Server

	mu   sync.Mutex
	urls []string
}

func (r *redirectTransport) DialSocket(ctx context.Context, rawURL string) (net.Conn, error) {
	r.mu.Lock()
	r.urls = append(r.urls, rawURL)
	r.mu.Unlock()
	if strings.Contains(rawURL, "refuse") {
		return nil, errors.New("replayed: no server")
	}
	u, _ := url.Parse(r.srv.URL)
	var d net.Dialer
	return d.DialContext(ctx, "tcp", u.Host)
}

func (r *redirectTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.urls = append(r.urls, req.Method+" "+req.URL.String())
	r.mu.Unlock()
	if strings.Contains(req.URL.Path, "refuse") {
		return nil, &RequestFailure{Reason: "-102:net::ERR_CONNECTION_REFUSED", Errno: 600001}
	}
	u, _ := url.Parse(r.srv.HTTPURL)
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = u.Scheme, u.Host
	return http.DefaultTransport.RoundTrip(req)
}

func (r *redirectTransport) CloseIdleConnections() {
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
}

// WithTransport carries sockets and requests over the transport: a wss:// URL is dialled
// through it without TLS (the transport's business), its errors reach the script as
// WeChat words them, and going offline still fails both before the transport is asked.
func TestTransport(t *testing.T) {
	srv := wstest.NewServer(t)
	tr := &redirectTransport{srv: srv}
	t.Cleanup(tr.CloseIdleConnections)
	rt, api, out := newRuntimeAPI(t, WithTransport(tr))
	err := rt.RunString(context.Background(), "main.js", `
		const task = wx.connectSocket({ url: "wss://chat.example.com/echo" });
		task.onOpen(() => task.send({ data: "over the transport" }));
		task.onMessage((res) => { console.log("echo", res.data); task.close() });
		task.onClose(() => {
			wx.connectSocket({ url: "wss://refuse.example.com/" }).onError((res) => {
				console.log(res.errMsg);
				wx.request({ url: "https://api.example.com/http/body?text=hi", success(res) {
					console.log(res.statusCode, res.data);
					wx.request({ url: "https://api.example.com/refuse", fail(res) {
						console.log(res.errMsg, res.errno);
					} });
				} });
			});
		});
	`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "echo over the transport\n" +
		"exception replayed: no server\n" +
		"200 hi\n" +
		"request:fail -102:net::ERR_CONNECTION_REFUSED 600001\n"
	if out.String() != want {
		t.Errorf("output\n%s\nwant\n%s", out, want)
	}
	if got := strings.Join(tr.urls, " | "); got != "wss://chat.example.com/echo | wss://refuse.example.com/ | GET https://api.example.com/http/body?text=hi | GET https://api.example.com/refuse" {
		t.Errorf("the transport was asked for %s", got)
	}

	api.SetNetwork(NetworkOffline)
	tr.urls = nil
	before := len(out.String())
	err = rt.RunString(context.Background(), "offline.js", `
		wx.connectSocket({ url: "wss://chat.example.com/echo" }).onError((res) => console.log(res.errMsg));
		wx.request({ url: "https://api.example.com/x", fail: (res) => console.log(res.errMsg) });
	`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	offline := out.String()[before:]
	if !strings.Contains(offline, "request:fail -106:net::ERR_INTERNET_DISCONNECTED\n") || !strings.Contains(offline, "exception dial tcp") || len(tr.urls) != 0 {
		t.Errorf("offline: %q, transport asked for %q", offline, tr.urls)
	}
}
