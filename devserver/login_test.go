package devserver

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/gorilla/websocket"
)

// postLogin posts body with content type ct to /login and decodes the JSON answer.
func postLogin(t *testing.T, base, ct, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post("http"+strings.TrimPrefix(base, "ws")+"/login", ct, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatalf("the answer is not JSON: %v", err)
	}
	return resp.StatusCode, v
}

func TestLogin(t *testing.T) {
	_, base := newTestServer(t)
	code, a := postLogin(t, base, "application/json", `{"code":"wx-code-1","name":"alice"}`)
	if code != 200 || a["name"] != "alice" || a["expiresIn"] != float64(7200) || len(a["token"].(string)) < 16 || !strings.HasPrefix(a["openid"].(string), "o") {
		t.Fatalf("JSON login: %d %v", code, a)
	}
	// The same code is the same user, with a new session; a form works as well.
	code, b := postLogin(t, base, "application/x-www-form-urlencoded", url.Values{"code": {"wx-code-1"}}.Encode())
	if code != 200 || b["openid"] != a["openid"] || b["token"] == a["token"] || b["name"] != "user-"+a["openid"].(string)[1:7] {
		t.Errorf("form login: %d %v (first %v)", code, b, a)
	}
	if _, c := postLogin(t, base, "application/json", `{"code":"other"}`); c["openid"] == a["openid"] {
		t.Errorf("two codes, one openid: %v", c)
	}
	for _, bad := range []struct{ ct, body, want string }{
		{"application/json", `{}`, "devserver: code required (from wx.login)"},
		{"application/json", `{"code":"  "}`, "devserver: code required (from wx.login)"},
		{"application/json", `{"code":`, `devserver: want {"code": "…"} as JSON or a form: unexpected end of JSON input`},
	} {
		if code, v := postLogin(t, base, bad.ct, bad.body); code != 400 || v["error"] != bad.want {
			t.Errorf("%s: %d %v, want 400 %q", bad.body, code, v, bad.want)
		}
	}
	resp, err := http.Get("http" + strings.TrimPrefix(base, "ws") + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "POST" {
		t.Errorf("GET /login: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

// A token from /login names its holder in /chat; an unknown token is refused.
func TestChatWithToken(t *testing.T) {
	_, base := newTestServer(t)
	_, login := postLogin(t, base, "application/json", `{"code":"c","name":"bob"}`)
	c := dial(t, base+"/chat?room=r&token="+login["token"].(string))
	var join ChatPresence
	readJSON(t, c, &join)
	if join.Type != "join" || join.Name != "bob" {
		t.Errorf("join: %+v", join)
	}
	_, resp, err := websocket.DefaultDialer.Dial(base+"/chat?token=forged", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("forged token: err %v, resp %v", err, resp)
	}
	defer resp.Body.Close()
	var e LoginError
	if json.NewDecoder(resp.Body).Decode(&e) != nil || e.Error != "devserver: unknown token; log in with POST /login first" {
		t.Errorf("refusal body: %+v", e)
	}
}
