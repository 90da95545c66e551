package examples_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"log"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wxrun/wxrun/apphost"
	"github.com/wxrun/wxrun/devserver"
	"github.com/wxrun/wxrun/examples"
	"github.com/wxrun/wxrun/internal/overlayfs"
	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// The test runs a development server and sockets; none may outlive it.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The chat sample runs as a project straight from its embedded files, with config.js
// replaced by one naming a server on 127.0.0.1 — what `wxrun demo` does, without copying
// anything to disk. Both pages end with the data the conversation gave them, and their
// onUnload closes both sockets with code 1000, which the server sees.
func TestChatRunsFromTheEmbeddedFiles(t *testing.T) {
	var serverLog syncbuf.Buffer
	srv, err := devserver.Start("127.0.0.1:0", devserver.WithLogger(log.New(&serverLog, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	url := srv.URL() + "/chat?room=embedded"

	chat, err := fs.Sub(examples.Chat, "chat")
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := overlayfs.New(chat, map[string][]byte{
		"config.js": []byte("module.exports = { url: " + strconv.Quote(url) + " }\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	project, err := wxapi.LoadProjectFS(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	if project.AppID != "touristappid" || project.ConnectTimeout != 10*time.Second {
		t.Errorf("project settings: appid %q, connect timeout %v", project.AppID, project.ConnectTimeout)
	}

	var out, errOut syncbuf.Buffer
	h, err := apphost.Open(project, apphost.WithRuntime(runtime.WithStdout(&out), runtime.WithStderr(&errOut)))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := h.Run(ctx); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, errOut.String())
	}
	if err := h.Exit(context.Background()); err != nil {
		t.Fatalf("exit: %v\nstderr:\n%s", err, errOut.String())
	}
	if errOut.String() != "" {
		t.Errorf("stderr:\n%s", errOut.String())
	}
	if want := "chat demo: launched on pages/chat/chat, server " + url + "\n"; !strings.HasPrefix(out.String(), want) {
		t.Errorf("output does not start with %q (the overlaid config.js):\n%s", want, out.String())
	}

	got, err := json.Marshal(h.FinalPages())
	if err != nil {
		t.Fatal(err)
	}
	var pages []struct {
		Route string            `json:"route"`
		Query map[string]string `json:"query"`
		Data  struct {
			Me     string   `json:"me"`
			Name   string   `json:"name"`
			Status string   `json:"status"`
			Lines  []string `json:"lines"`
			Pongs  int      `json:"pongs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(got, &pages); err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 || pages[0].Route != "pages/chat/chat" || pages[1].Route != "pages/room/room" || pages[1].Query["name"] != "bob" {
		t.Fatalf("final pages: %s", got)
	}
	alice, bob := pages[0].Data, pages[1].Data
	wantAlice := []string{
		"* alice joined (1 in the room)",
		"alice: hello, is anyone here?",
		"alice: I will wait here for someone",
		"* bob joined (2 in the room)",
		"bob: hi alice, bob here",
		"alice: welcome, bob!",
		"bob: bye, alice",
	}
	if alice.Me != "alice" || alice.Status != "open" || alice.Pongs < 1 || strings.Join(alice.Lines, "\n") != strings.Join(wantAlice, "\n") {
		t.Errorf("alice's page ended with %+v", alice)
	}
	wantBob := []string{"* bob joined (2 in the room)", "me: hi alice, bob here", "alice: welcome, bob!", "me: bye, alice"}
	if bob.Name != "bob" || bob.Status != "open" || strings.Join(bob.Lines, "\n") != strings.Join(wantBob, "\n") {
		t.Errorf("bob's page ended with %+v", bob)
	}

	// onUnload closed both sockets with 1000, and the server got the close frames.
	for _, who := range []string{"alice", "bob"} {
		want := "disconnected from /chat?room=embedded&name=" + who + ` with close 1000 "page unloaded"`
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(serverLog.String(), want) && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if !strings.Contains(serverLog.String(), want) {
			t.Errorf("the server log lacks %q:\n%s", want, serverLog.String())
		}
		if !strings.Contains(out.String(), "["+who+"]") || !strings.Contains(out.String(), "closed (code 1000)") {
			t.Errorf("%s's socket did not report its close:\n%s", who, out.String())
		}
	}
}
