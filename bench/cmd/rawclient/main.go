// Command rawclient runs the socket scenarios of bench/scenarios as a plain Go program
// on gorilla/websocket — no JavaScript, no wx layer, no event loop — against the
// benchmark server. It is each scenario's ceiling: what one core reaches when the client
// costs nothing but its WebSocket library, so that the comparison can tell what the
// JavaScript hosts (wxrun, Node) cost from what the connection and the server cost.
//
//	rawclient -scenario push_text -url ws://127.0.0.1:PORT -n 300000
//
// Each scenario does what its script does, the same way, and prints the same RESULT
// lines (bench/README.md describes them):
//
//	pingpong     one socket to /echo; each 32-byte text is sent after the previous echo
//	push_text    /push of n 64-byte texts, each read whole and converted to a string
//	push_binary  /push of n 4 KiB binary messages, each read into its own slice
//	fanout       -sockets sockets to /echo ping-ponging n times each, one goroutine each
//	send         n 64-byte texts to /sink, then "count?"; the server's answer must be n
//	json         /json of n ~1 KiB documents, each decoded into a generic map,
//	             changed as json.js changes it, encoded and sent back; then "count?"
//
// The clock starts where the script's does: when the socket is open (fanout: when all
// are), and stops at the last message (send and json: at the server's count).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

func main() {
	scenario := flag.String("scenario", "", "pingpong, push_text, push_binary, fanout, send or json (required)")
	base := flag.String("url", "", "the benchmark server's ws:// base URL (required)")
	n := flag.Int("n", 0, "messages (fanout: round trips per socket) (required)")
	sockets := flag.Int("sockets", 100, "sockets, for fanout")
	flag.Parse()
	if *scenario == "" || *base == "" || *n <= 0 || *sockets <= 0 {
		flag.Usage()
		fmt.Fprintln(os.Stderr, "rawclient: -scenario, -url and a positive -n are required")
		os.Exit(2)
	}
	run, ok := scenarios[*scenario]
	if !ok {
		fmt.Fprintf(os.Stderr, "rawclient: no scenario %q\n", *scenario)
		os.Exit(2)
	}
	lines, err := run(*base, *n, *sockets)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rawclient:", err)
		os.Exit(1)
	}
	for _, l := range lines {
		fmt.Println(l)
	}
}

var scenarios = map[string]func(base string, n, sockets int) ([]string, error){
	"pingpong":    pingpong,
	"push_text":   pushText,
	"push_binary": pushBinary,
	"fanout":      fanout,
	"send":        send,
	"json":        jsonHandler,
}

// dialer reads with the same 16 KiB buffer as wxrun's sockets, and leaves Nagle's
// algorithm on, as wx.connectSocket does by default (tcpNoDelay: false) and so do
// wxrun and the Node shim: Go turns it off by default, which on loopback makes every
// small write push a segment through the whole TCP stack, the peer's side included.
var dialer = websocket.Dialer{
	ReadBufferSize:   16 << 10,
	HandshakeTimeout: 30 * time.Second,
	NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		if tcp, ok := c.(*net.TCPConn); ok {
			_ = tcp.SetNoDelay(false)
		}
		return c, err
	},
}

func dial(url string) (*websocket.Conn, error) {
	c, _, err := dialer.Dial(url, nil)
	return c, err
}

// closeConn ends the connection with a close frame, as the scripts do.
func closeConn(c *websocket.Conn) {
	_ = c.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	_ = c.Close()
}

func rate(count int, d time.Duration) float64 { return float64(count) / d.Seconds() }

func result(name string, v float64, unit string) string {
	return fmt.Sprintf("RESULT %s %s %s", name, strconv.FormatFloat(math.Round(v), 'f', 0, 64), unit)
}

// readMessage reads the next message into buf, reused from message to message as
// wxrun's reader does, and returns its bytes, valid until the next call.
func readMessage(c *websocket.Conn, buf *bytes.Buffer) ([]byte, error) {
	_, r, err := c.NextReader()
	if err != nil {
		return nil, err
	}
	buf.Reset()
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var payload32 = strings.Repeat("ping-", 6) + "xx"

func pingpong(base string, n, _ int) ([]string, error) {
	c, err := dial(base + "/echo")
	if err != nil {
		return nil, err
	}
	defer closeConn(c)
	var buf bytes.Buffer
	msg := []byte(payload32)
	t0 := time.Now()
	for i := 0; i < n; i++ {
		if err := c.WriteMessage(websocket.TextMessage, msg); err != nil {
			return nil, err
		}
		b, err := readMessage(c, &buf)
		if err != nil {
			return nil, err
		}
		if string(b) != payload32 {
			return nil, fmt.Errorf("unexpected echo %q", b)
		}
	}
	return []string{result("pingpong", rate(n, time.Since(t0)), "roundtrips/s")}, nil
}

func pushText(base string, n, _ int) ([]string, error) {
	c, err := dial(base + "/push?size=64&n=" + strconv.Itoa(n))
	if err != nil {
		return nil, err
	}
	defer closeConn(c)
	var buf bytes.Buffer
	chars := 0
	t0 := time.Now()
	for got := 0; got < n; got++ {
		b, err := readMessage(c, &buf)
		if err != nil {
			return nil, err
		}
		s := string(b) // what a handler is given: the message as a string of its own
		chars += len(s)
	}
	d := time.Since(t0)
	if chars != n*64 {
		return nil, fmt.Errorf("received %d characters, want %d", chars, n*64)
	}
	return []string{result("push_text", rate(n, d), "msgs/s")}, nil
}

func pushBinary(base string, n, _ int) ([]string, error) {
	const size = 4096
	c, err := dial(base + "/push?binary=1&size=" + strconv.Itoa(size) + "&n=" + strconv.Itoa(n))
	if err != nil {
		return nil, err
	}
	defer closeConn(c)
	var buf bytes.Buffer
	bytes, check := 0, 0
	t0 := time.Now()
	for got := 0; got < n; got++ {
		b, err := readMessage(c, &buf)
		if err != nil {
			return nil, err
		}
		data := append([]byte(nil), b...) // a buffer of its own, as an ArrayBuffer is
		bytes += len(data)
		check += int(data[size-1])
	}
	d := time.Since(t0)
	if bytes != n*size || check != n*120 {
		return nil, fmt.Errorf("received %d bytes, want %d", bytes, n*size)
	}
	return []string{
		result("push_binary", rate(n, d), "msgs/s"),
		fmt.Sprintf("RESULT push_binary_mb %.1f MB/s", float64(bytes)/1e6/d.Seconds()),
	}, nil
}

func fanout(base string, n, sockets int) ([]string, error) {
	conns := make([]*websocket.Conn, sockets)
	for i := range conns {
		c, err := dial(base + "/echo")
		if err != nil {
			return nil, err
		}
		defer closeConn(c)
		conns[i] = c
	}
	errs := make([]error, sockets)
	var wg sync.WaitGroup
	t0 := time.Now()
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			msg := []byte(payload32)
			for r := 0; r < n; r++ {
				if err := c.WriteMessage(websocket.TextMessage, msg); err != nil {
					errs[i] = err
					return
				}
				b, err := readMessage(c, &buf)
				if err != nil {
					errs[i] = err
					return
				}
				if string(b) != payload32 {
					errs[i] = errors.New("unexpected echo")
					return
				}
			}
		}()
	}
	wg.Wait()
	d := time.Since(t0)
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return []string{result("fanout", rate(sockets*n, d), "roundtrips/s")}, nil
}

// counted ends a scenario whose clock stops at the server's count: it sends "count?",
// checks that the server counted n messages (what), and returns the RESULT line of name
// for n messages since t0.
func counted(c *websocket.Conn, buf *bytes.Buffer, t0 time.Time, n int, name, what string) ([]string, error) {
	if err := c.WriteMessage(websocket.TextMessage, []byte("count?")); err != nil {
		return nil, err
	}
	b, err := readMessage(c, buf)
	if err != nil {
		return nil, err
	}
	d := time.Since(t0)
	if count, err := strconv.Atoi(string(b)); err != nil || count != n {
		return nil, fmt.Errorf("server counted %q %s, want %d", b, what, n)
	}
	return []string{result(name, rate(n, d), "msgs/s")}, nil
}

func send(base string, n, _ int) ([]string, error) {
	c, err := dial(base + "/sink")
	if err != nil {
		return nil, err
	}
	defer closeConn(c)
	msg := []byte(strings.Repeat("x", 64))
	var buf bytes.Buffer
	t0 := time.Now()
	for i := 0; i < n; i++ {
		if err := c.WriteMessage(websocket.TextMessage, msg); err != nil {
			return nil, err
		}
	}
	return counted(c, &buf, t0, n, "send", "messages")
}

func jsonHandler(base string, n, _ int) ([]string, error) {
	c, err := dial(base + "/json?n=" + strconv.Itoa(n))
	if err != nil {
		return nil, err
	}
	defer closeConn(c)
	var buf bytes.Buffer
	gift := map[string]any{"sku": "SKU-GIFT", "title": "Gift wrap", "qty": 1, "price": 0}
	t0 := time.Now()
	for handled := 0; handled < n; handled++ {
		b, err := readMessage(c, &buf)
		if err != nil {
			return nil, err
		}
		var order map[string]any
		if err := json.Unmarshal(b, &order); err != nil {
			return nil, err
		}
		items, _ := order["items"].([]any)
		total := 0.0
		for _, it := range items {
			m, _ := it.(map[string]any)
			qty, _ := m["qty"].(float64)
			price, _ := m["price"].(float64)
			total += qty * price
		}
		order["total"] = math.Round(total*100) / 100
		order["items"] = append(items, gift)
		order["status"] = "seen"
		order["seq"] = handled
		out, err := json.Marshal(order)
		if err != nil {
			return nil, err
		}
		if err := c.WriteMessage(websocket.TextMessage, out); err != nil {
			return nil, err
		}
	}
	return counted(c, &buf, t0, n, "json", "replies")
}
