package devserver

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// LoginRequest is the body /login accepts, as JSON (what wx.request sends for an object
// by default) or as a form (application/x-www-form-urlencoded): the code from wx.login,
// and optionally the nickname to chat under.
type LoginRequest struct {
	Code string `json:"code"`
	Name string `json:"name,omitempty"`
}

// LoginResponse is /login's answer: a session token for /chat?token=…, the user's stable
// id (the same code always gives the same openid, as WeChat's code2Session gives one
// openid per user), the nickname and the token's lifetime in seconds.
type LoginResponse struct {
	Token     string `json:"token"`
	OpenID    string `json:"openid"`
	Name      string `json:"name"`
	ExpiresIn int    `json:"expiresIn"`
}

// LoginError is the body of a refused /login or /chat?token=…: {"error": "…"}.
type LoginError struct {
	Error string `json:"error"`
}

// tokenLifetime is what LoginResponse.ExpiresIn says, WeChat's session_key lifetime. The
// development server does not expire tokens; it forgets them when it stops.
const tokenLifetime = 7200

// maxLoginBody bounds what /login reads.
const maxLoginBody = 16 << 10

// sessions are the tokens /login issued: token → nickname. Safe for concurrent use.
type sessions struct {
	mu     sync.Mutex
	tokens map[string]string
}

func (s *sessions) add(token, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tokens == nil {
		s.tokens = make(map[string]string)
	}
	s.tokens[token] = name
}

func (s *sessions) name(token string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name, ok := s.tokens[token]
	return name, ok
}

// serveLogin is POST /login: a code (from wx.login) in, a token out, so that a mini
// program's log-in step — wx.login, then wx.request to its own server — runs against the
// built-in server. Errors are JSON with status 400 (no code, a body that does not parse)
// or 405 (not POST).
func (s *Server) serveLogin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		writeJSON(w, http.StatusMethodNotAllowed, LoginError{"devserver: /login takes POST"})
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxLoginBody))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, LoginError{"devserver: reading the body: " + err.Error()})
		return
	}
	var req LoginRequest
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, LoginError{"devserver: the form does not parse: " + err.Error()})
			return
		}
		req = LoginRequest{Code: form.Get("code"), Name: form.Get("name")}
	} else if err := json.Unmarshal(body, &req); err != nil {
		writeJSON(w, http.StatusBadRequest, LoginError{`devserver: want {"code": "…"} as JSON or a form: ` + err.Error()})
		return
	}
	req.Code, req.Name = strings.TrimSpace(req.Code), strings.TrimSpace(req.Name)
	if req.Code == "" {
		writeJSON(w, http.StatusBadRequest, LoginError{"devserver: code required (from wx.login)"})
		return
	}
	sum := sha256.Sum256([]byte(req.Code))
	openID := "o" + hex.EncodeToString(sum[:12])
	if req.Name == "" {
		req.Name = "user-" + openID[1:7]
	}
	token := rand.Text()
	s.sessions.add(token, req.Name)
	s.cfg.logger.Printf("devserver: %s logged in as %s", r.RemoteAddr, req.Name)
	writeJSON(w, http.StatusOK, LoginResponse{Token: token, OpenID: openID, Name: req.Name, ExpiresIn: tokenLifetime})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
