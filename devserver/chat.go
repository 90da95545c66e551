package devserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// DefaultRoom is the chat room joined when the room query parameter is
// absent or empty.
const DefaultRoom = "lobby"

// ChatMessage is the JSON text message broadcast by /chat for every text
// message a member sends. Type is "message"; Time is in Unix milliseconds.
type ChatMessage struct {
	Type string `json:"type"`
	Room string `json:"room"`
	From string `json:"from"`
	Text string `json:"text"`
	Time int64  `json:"time"`
}

// ChatPresence is the JSON text message broadcast by /chat when a member
// joins (Type "join") or leaves (Type "leave"). Members is the number of
// members in the room after the change.
type ChatPresence struct {
	Type    string `json:"type"`
	Room    string `json:"room"`
	Name    string `json:"name"`
	Members int    `json:"members"`
}

// ChatPong is the JSON text message /chat sends back, to the sender only, for a
// heartbeat: a text message that is exactly the JSON object {"type":"ping"}. Time is in
// Unix milliseconds. A heartbeat is not broadcast.
type ChatPong struct {
	Type string `json:"type"`
	Time int64  `json:"time"`
}

// heartbeat is the text of a heartbeat message, as mini programs write it.
const heartbeat = `{"type":"ping"}`

// chatHub holds the chat rooms of a Server. Broadcasting never blocks: a
// member whose queue is full is dropped (see peer.trySend).
type chatHub struct {
	srv   *Server
	mu    sync.Mutex
	rooms map[string]map[*peer]string // room → member → name
}

func newChatHub(s *Server) *chatHub {
	return &chatHub{srv: s, rooms: make(map[string]map[*peer]string)}
}

// serve runs one member's connection to /chat.
func (h *chatHub) serve(p *peer, r *http.Request) {
	q := r.URL.Query()
	room := q.Get("room")
	if room == "" {
		room = DefaultRoom
	}
	name := q.Get("name")
	if name == "" {
		// A logged-in member (/login) chats under the name it logged in with.
		if loggedIn, ok := h.srv.sessions.name(q.Get("token")); ok {
			name = loggedIn
		} else {
			name = "guest-" + strconv.FormatInt(h.srv.guests.Add(1), 10)
		}
	}
	h.join(room, name, p)
	defer h.leave(room, name, p)
	for {
		typ, data, err := p.read()
		if err != nil {
			return
		}
		if typ != websocket.TextMessage {
			h.srv.cfg.logger.Printf("devserver: chat %q: ignoring binary message from %s", room, name)
			continue
		}
		if string(data) == heartbeat {
			pong, _ := json.Marshal(ChatPong{Type: "pong", Time: time.Now().UnixMilli()})
			p.trySend(outgoing{typ: websocket.TextMessage, data: pong})
			continue
		}
		h.broadcast(room, ChatMessage{
			Type: "message",
			Room: room,
			From: name,
			Text: string(data),
			Time: time.Now().UnixMilli(),
		})
	}
}

func (h *chatHub) join(room, name string, p *peer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	members := h.rooms[room]
	if members == nil {
		members = make(map[*peer]string)
		h.rooms[room] = members
	}
	members[p] = name
	h.broadcastLocked(room, ChatPresence{Type: "join", Room: room, Name: name, Members: len(members)})
}

func (h *chatHub) leave(room, name string, p *peer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	members := h.rooms[room]
	delete(members, p)
	if len(members) == 0 {
		delete(h.rooms, room)
		return
	}
	h.broadcastLocked(room, ChatPresence{Type: "leave", Room: room, Name: name, Members: len(members)})
}

func (h *chatHub) broadcast(room string, v any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.broadcastLocked(room, v)
}

func (h *chatHub) broadcastLocked(room string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic("devserver: " + err.Error()) // the event types always marshal
	}
	for p := range h.rooms[room] {
		p.trySend(outgoing{typ: websocket.TextMessage, data: data})
	}
}
