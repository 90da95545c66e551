package wstest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func TestServerURLs(t *testing.T) {
	srv := NewServer(t)
	if !strings.HasPrefix(srv.URL, "ws://127.0.0.1:") || srv.URL != "ws://"+srv.Addr || srv.HTTPURL != "http://"+srv.Addr {
		t.Errorf("URL %q, HTTPURL %q, Addr %q", srv.URL, srv.HTTPURL, srv.Addr)
	}
	if srv.CAFile != "" || srv.Certificate() != nil || srv.ClientTLSConfig() != nil {
		t.Error("plain server has TLS material")
	}
}

func TestTLSServer(t *testing.T) {
	srv := NewTLSServer(t)
	if !strings.HasPrefix(srv.URL, "wss://127.0.0.1:") || srv.HTTPURL != "https://"+srv.Addr {
		t.Errorf("URL %q, HTTPURL %q", srv.URL, srv.HTTPURL)
	}
	// A client configured from the CA file only.
	pemData, err := os.ReadFile(srv.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		t.Fatal("CAFile holds no certificate")
	}
	d := &websocket.Dialer{TLSClientConfig: &tls.Config{RootCAs: pool}}
	c := dial(t, srv.URL+"/echo", d, nil)
	write(t, c, websocket.TextMessage, []byte("secure"))
	if s := readText(t, c); s != "secure" {
		t.Fatalf("got %q", s)
	}
	writeClose(t, c, 1000, "")
	wantCloseError(t, readErr(t, c), 1000, "")

	// Without trusting the certificate the handshake fails.
	if _, _, err := websocket.DefaultDialer.Dial(srv.URL+"/echo", nil); err == nil {
		t.Fatal("untrusted TLS handshake succeeded")
	}
	if srv.Certificate() == nil {
		t.Fatal("Certificate() = nil")
	}
	c2 := dial(t, srv.URL+"/push?n=1&size=3", srv.Dialer(), nil)
	if s := readText(t, c2); s != "0:x" {
		t.Fatalf("got %q", s)
	}
}

func TestRecording(t *testing.T) {
	srv := NewServer(t)
	ctx := testContext(t)
	a := dial(t, srv.URL+"/echo?who=a", nil, http.Header{"Sec-WebSocket-Protocol": {"p1"}})
	b := dial(t, srv.URL+"/inspect?who=b", nil, nil)
	write(t, a, websocket.TextMessage, []byte("1"))
	write(t, a, websocket.BinaryMessage, []byte("2"))
	write(t, b, websocket.TextMessage, []byte("3"))

	ca, err := srv.WaitConn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := srv.WaitConn(ctx)
	if ca.ID() != 1 || cb.ID() != 2 || ca.Query().Get("who") != "a" || cb.Path() != "/inspect" {
		t.Fatalf("got conns %d %v, %d %s", ca.ID(), ca.Query(), cb.ID(), cb.Path())
	}
	if !ca.Upgraded() || ca.Protocols()[0] != "p1" || ca.Request().Host != srv.Addr {
		t.Errorf("conn a: upgraded %v, protocols %q", ca.Upgraded(), ca.Protocols())
	}
	msgs, err := ca.WaitReceived(ctx, 2)
	if err != nil || !equalMessages(msgs, []Message{Text("1"), Binary([]byte("2"))}) {
		t.Fatalf("WaitReceived: %v, %v", msgs, err)
	}
	if all := srv.Conns(); len(all) != 2 || all[0] != ca || all[1] != cb {
		t.Fatalf("Conns() = %v", all)
	}

	// WaitConn respects ctx.
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := srv.WaitConn(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitConn: %v", err)
	}

	// WaitReceived gives up when the connection ends.
	b.Close()
	if _, err := cb.WaitReceived(ctx, 5); !errors.Is(err, ErrConnDone) {
		t.Fatalf("WaitReceived after client left: %v", err)
	}

	srv.Close()
	if _, err := srv.WaitConn(ctx); !errors.Is(err, ErrServerClosed) {
		t.Fatalf("WaitConn after Close: %v", err)
	}
	wantAbnormal(t, readErr(t, a))
}

func TestHandle(t *testing.T) {
	srv := NewServer(t)
	srv.Handle("/greet", func(c *Conn) {
		if c.WriteText("hello") != nil {
			return
		}
		if m, err := c.Read(); err == nil {
			c.Close(4001, "got "+string(m.Data))
		}
	})
	srv.Handle("/echo", func(c *Conn) { // overrides the built-in
		c.WriteText("custom echo")
		c.Drop()
	})
	c := dial(t, srv.URL+"/greet", nil, nil)
	if s := readText(t, c); s != "hello" {
		t.Fatalf("got %q", s)
	}
	write(t, c, websocket.TextMessage, []byte("hi"))
	wantCloseError(t, readErr(t, c), 4001, "got hi")

	c2 := dial(t, srv.URL+"/echo", nil, nil)
	if s := readText(t, c2); s != "custom echo" {
		t.Fatalf("got %q", s)
	}
	wantAbnormal(t, readErr(t, c2))
}

// A Go test can push messages into a connection served by a scenario.
func TestWriteFromTest(t *testing.T) {
	srv := NewServer(t)
	c := dial(t, srv.URL+"/silent", nil, nil)
	sc := waitConn(t, srv)
	if err := sc.WriteText("from the test"); err != nil {
		t.Fatal(err)
	}
	if s := readText(t, c); s != "from the test" {
		t.Fatalf("got %q", s)
	}
}

func TestReadLimit(t *testing.T) {
	srv := NewServer(t, WithReadLimit(10))
	c := dial(t, srv.URL+"/echo", nil, nil)
	write(t, c, websocket.BinaryMessage, make([]byte, 11))
	wantCloseError(t, readErr(t, c), websocket.CloseMessageTooBig, "")
}

func TestPlainHTTP(t *testing.T) {
	srv := NewServer(t)
	client := &http.Client{Transport: &http.Transport{}, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	t.Cleanup(client.CloseIdleConnections)
	for _, tt := range []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "/fragments?n=N&size=S"},
		{"/echo", 426, "WebSocket handshake"},
		{"/status/418", 418, "418"},
		{"/redirect?to=/x", 302, ""},
	} {
		resp, err := client.Get(srv.HTTPURL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.body) {
			t.Errorf("GET %s: %d %q", tt.path, resp.StatusCode, body)
		}
	}
	if n := len(srv.Conns()); n != 0 {
		t.Errorf("plain requests recorded as %d conns", n)
	}
}

// Close releases every kind of connection promptly.
func TestCloseReleasesConnections(t *testing.T) {
	srv := NewServer(t)
	var conns []*websocket.Conn
	for _, path := range []string{"/echo", "/silent", "/slowclose", "/close?after=60000", "/push?n=1000000&interval=1000"} {
		conns = append(conns, dial(t, srv.URL+path, nil, nil))
	}
	go websocket.DefaultDialer.Dial(srv.URL+"/stall", nil) //nolint:errcheck // released by Close
	for range 6 {
		waitConn(t, srv)
	}
	start := time.Now()
	srv.Close()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	for _, c := range conns {
		wantAbnormal(t, readErr(t, c))
	}
	for _, sc := range srv.Conns() {
		select {
		case <-sc.Done():
		default:
			t.Errorf("conn %d %s not done after Close", sc.ID(), sc.Path())
		}
	}
}
