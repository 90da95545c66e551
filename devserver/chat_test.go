package devserver

import (
	"bytes"
	"github.com/wxrun/wxrun/internal/syncbuf"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

func wantPresence(t *testing.T, c *websocket.Conn, want ChatPresence) {
	t.Helper()
	var got ChatPresence
	readJSON(t, c, &got)
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestChatBroadcastJoinLeave(t *testing.T) {
	_, url := newTestServer(t)
	alice := dial(t, url+"/chat?room=r1&name=alice")
	wantPresence(t, alice, ChatPresence{Type: "join", Room: "r1", Name: "alice", Members: 1})

	bob := dial(t, url+"/chat?room=r1&name=bob")
	for _, c := range []*websocket.Conn{alice, bob} {
		wantPresence(t, c, ChatPresence{Type: "join", Room: "r1", Name: "bob", Members: 2})
	}

	// A member of another room sees nothing of r1.
	carol := dial(t, url+"/chat?room=r2&name=carol")
	wantPresence(t, carol, ChatPresence{Type: "join", Room: "r2", Name: "carol", Members: 1})

	before := time.Now().UnixMilli()
	write(t, bob, websocket.TextMessage, []byte("hi all"))
	for _, c := range []*websocket.Conn{alice, bob} {
		var m ChatMessage
		readJSON(t, c, &m)
		if m.Type != "message" || m.Room != "r1" || m.From != "bob" || m.Text != "hi all" {
			t.Fatalf("got %+v", m)
		}
		if now := time.Now().UnixMilli(); m.Time < before || m.Time > now {
			t.Errorf("time %d not within [%d, %d]", m.Time, before, now)
		}
	}

	if err := bob.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "")); err != nil {
		t.Fatal(err)
	}
	wantCloseError(t, readErr(t, bob), websocket.CloseNormalClosure, "")
	wantPresence(t, alice, ChatPresence{Type: "leave", Room: "r1", Name: "bob", Members: 1})

	write(t, carol, websocket.TextMessage, []byte("only r2"))
	var m ChatMessage
	readJSON(t, carol, &m)
	if m.Room != "r2" || m.Text != "only r2" {
		t.Fatalf("got %+v", m)
	}
}

func TestChatDefaults(t *testing.T) {
	_, url := newTestServer(t)
	c := dial(t, url+"/chat")
	var p ChatPresence
	readJSON(t, c, &p)
	if p.Type != "join" || p.Room != DefaultRoom || !regexp.MustCompile(`^guest-\d+$`).MatchString(p.Name) {
		t.Fatalf("got %+v, want a join to %q by guest-N", p, DefaultRoom)
	}
	c2 := dial(t, url+"/chat")
	var p2 ChatPresence
	readJSON(t, c2, &p2)
	if p2.Name == p.Name {
		t.Fatalf("two guests named %q", p.Name)
	}
}

func TestChatIgnoresBinary(t *testing.T) {
	_, url := newTestServer(t)
	c := dial(t, url+"/chat?name=x")
	wantPresence(t, c, ChatPresence{Type: "join", Room: DefaultRoom, Name: "x", Members: 1})
	write(t, c, websocket.BinaryMessage, []byte{1, 2, 3})
	write(t, c, websocket.TextMessage, []byte("text"))
	var m ChatMessage
	readJSON(t, c, &m)
	if m.Text != "text" {
		t.Fatalf("got %+v, want the text message only", m)
	}
}

// A member that does not read is dropped with 1008 once its queue is
// full; the room keeps flowing for everybody else.
func TestChatDropsSlowClient(t *testing.T) {
	var logs syncbuf.Buffer
	_, url := newTestServer(t, WithQueueSize(64), WithLogger(newLogger(&logs)))
	observer := dial(t, url+"/chat?room=slow&name=observer")
	wantPresence(t, observer, ChatPresence{Type: "join", Room: "slow", Name: "observer", Members: 1})
	slow := dial(t, url+"/chat?room=slow&name=slow")
	wantPresence(t, observer, ChatPresence{Type: "join", Room: "slow", Name: "slow", Members: 2})

	// slow floods the room but never reads its own broadcasts; observer
	// reads everything concurrently.
	var observed, sawLeave bool
	var observerErr error
	observerDone := make(chan struct{})
	go func() {
		defer close(observerDone)
		for {
			observer.SetReadDeadline(time.Now().Add(testTimeout))
			_, data, err := observer.ReadMessage()
			if err != nil {
				observerErr = err
				return
			}
			observed = true
			if bytes.Contains(data, []byte(`"type":"leave"`)) {
				sawLeave = true
				return
			}
		}
	}()
	payload := strings.Repeat("x", 32<<10)
	sent := 0
	for ; sent < 4000 && !strings.Contains(logs.String(), "dropping slow client"); sent++ {
		write(t, slow, websocket.TextMessage, []byte(payload))
	}
	if !strings.Contains(logs.String(), "dropping slow client") {
		t.Fatalf("slow client not dropped after %d messages of %d bytes", sent, len(payload))
	}
	// slow gets what was already in flight, then close 1008.
	err := readErr(t, slow)
	wantCloseError(t, err, websocket.ClosePolicyViolation, "slow consumer")
	<-observerDone
	if !observed || !sawLeave {
		t.Errorf("observer: got messages %v, leave %v, error %v", observed, sawLeave, observerErr)
	}
	t.Logf("dropped after %d messages", sent)
}

// A heartbeat is answered to its sender alone and never broadcast; a message that only
// looks like one is an ordinary message.
func TestChatHeartbeat(t *testing.T) {
	_, url := newTestServer(t)
	alice := dial(t, url+"/chat?room=hb&name=alice")
	wantPresence(t, alice, ChatPresence{Type: "join", Room: "hb", Name: "alice", Members: 1})
	bob := dial(t, url+"/chat?room=hb&name=bob")
	for _, c := range []*websocket.Conn{alice, bob} {
		wantPresence(t, c, ChatPresence{Type: "join", Room: "hb", Name: "bob", Members: 2})
	}
	write(t, alice, websocket.TextMessage, []byte(`{"type":"ping"}`))
	var pong ChatPong
	readJSON(t, alice, &pong)
	if pong.Type != "pong" || pong.Time == 0 {
		t.Fatalf("got %+v, want a pong", pong)
	}
	write(t, alice, websocket.TextMessage, []byte(`{"type": "ping"}`))
	for _, c := range []*websocket.Conn{alice, bob} {
		var m ChatMessage
		readJSON(t, c, &m)
		if m.Type != "message" || m.Text != `{"type": "ping"}` {
			t.Fatalf("got %+v, want the look-alike broadcast (and no pong for bob)", m)
		}
	}
}

// The log says how each connection ended: with the client's close frame, or without one.
func TestLogNamesTheClientsCloseFrame(t *testing.T) {
	var logs syncbuf.Buffer
	_, url := newTestServer(t, WithLogger(newLogger(&logs)))
	c := dial(t, url+"/chat?room=bye&name=alice")
	wantPresence(t, c, ChatPresence{Type: "join", Room: "bye", Name: "alice", Members: 1})
	if err := c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4000, "bye")); err != nil {
		t.Fatal(err)
	}
	wantCloseError(t, readErr(t, c), 4000, "bye")
	deadline := time.Now().Add(5 * time.Second)
	want := `disconnected from /chat?room=bye&name=alice with close 4000 "bye"`
	for !strings.Contains(logs.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("log lacks %q:\n%s", want, logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}
