package examples_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"regexp"
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
	"github.com/wxrun/wxrun/wxtest"
)

// The test runs a development server and sockets; none may outlive it.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// chatProject is the embedded chat sample with config.js naming srv, as `wxrun demo`
// makes it: nothing is copied to disk.
func chatProject(t *testing.T, srv *devserver.Running, room string) (*wxapi.Project, string) {
	t.Helper()
	url := srv.URL() + "/chat?room=" + room
	chat, err := fs.Sub(examples.Chat, "chat")
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := overlayfs.New(chat, map[string][]byte{
		"config.js": []byte("module.exports = { url: " + strconv.Quote(url) + ", api: " + strconv.Quote(srv.HTTPURL()) + " }\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	project, err := wxapi.LoadProjectFS(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	return project, url
}

// launchChat runs the chat sample against its server until nothing is pending (alice
// closes the mini program) and returns the host, not yet exited, and what it printed.
func launchChat(t *testing.T, project *wxapi.Project, opts ...wxapi.Option) (h *apphost.Host, stdout, stderr *syncbuf.Buffer) {
	t.Helper()
	stdout, stderr = new(syncbuf.Buffer), new(syncbuf.Buffer)
	h, err := apphost.Open(project, apphost.WithRuntime(runtime.WithStdout(stdout), runtime.WithStderr(stderr)), apphost.WithWX(opts...))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := h.Run(ctx); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	return h, stdout, stderr
}

// runChat runs the chat sample against srv to its end, expecting nothing on stderr, and
// returns what it printed and the pages' final data, as JSON.
func runChat(t *testing.T, project *wxapi.Project, opts ...wxapi.Option) (string, []byte) {
	t.Helper()
	h, out, errOut := launchChat(t, project, opts...)
	if err := h.Exit(context.Background()); err != nil {
		t.Fatalf("exit: %v\nstderr:\n%s", err, errOut.String())
	}
	if errOut.String() != "" {
		t.Errorf("stderr:\n%s", errOut.String())
	}
	got, err := json.Marshal(h.FinalPages())
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), got
}

// waitForLog waits until the server has logged want (close frames arrive after the run).
func waitForLog(t *testing.T, log *syncbuf.Buffer, want *regexp.Regexp, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(want.FindAllString(log.String(), -1)) < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if got := len(want.FindAllString(log.String(), -1)); got != n {
		t.Errorf("the server logged %d lines matching %s, want %d:\n%s", got, want, n, log.String())
	}
}

// The chat sample runs as a project straight from its embedded files, with config.js
// replaced by one naming a server on 127.0.0.1 — what `wxrun demo` does, without copying
// anything to disk. Each page logs in with wx.request to the server's /login and
// connects with its token; both pages end with the data the conversation gave them, and
// their onUnload closes both sockets with code 1000, which the server sees.
func TestChatRunsFromTheEmbeddedFiles(t *testing.T) {
	var serverLog syncbuf.Buffer
	srv, err := devserver.Start("127.0.0.1:0", devserver.WithLogger(log.New(&serverLog, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	project, url := chatProject(t, srv, "embedded")
	if project.AppID != "touristappid" || project.ConnectTimeout != 10*time.Second {
		t.Errorf("project settings: appid %q, connect timeout %v", project.AppID, project.ConnectTimeout)
	}

	out, got := runChat(t, project)
	if want := "chat demo: launched on pages/chat/chat, server " + url + "\n"; !strings.HasPrefix(out, want) {
		t.Errorf("output does not start with %q (the overlaid config.js):\n%s", want, out)
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
	// The names in the room are the ones the tokens were issued for: the URLs carry no name.
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
	for _, who := range []string{"alice", "bob"} {
		if !strings.Contains(out, "["+who+"]") || !strings.Contains(out, "logged in as "+who+" (new token from /login)") {
			t.Errorf("%s did not log in with /login:\n%s", who, out)
		}
		waitForLog(t, &serverLog, regexp.MustCompile(`logged in as `+who+`\n`), 1)
	}
	// onUnload closed both sockets with 1000, and the server got the close frames; they
	// connected with their tokens.
	waitForLog(t, &serverLog, regexp.MustCompile(`disconnected from /chat\?room=embedded&token=[^ &]+ with close 1000 "page unloaded"`), 2)
	if n := strings.Count(out, "closed (code 1000)"); n != 2 {
		t.Errorf("%d sockets reported their close, want 2:\n%s", n, out)
	}
}

// The pages keep their tokens in storage: a second launch with the same storage connects
// without logging in, and after the server restarts (it forgets its tokens) the refused
// tokens are dropped and the pages log in again.
func TestChatKeepsItsTokensInStorage(t *testing.T) {
	storage := wxapi.WithStorageFile(filepath.Join(t.TempDir(), "storage.db"))
	var serverLog syncbuf.Buffer
	srv, err := devserver.Start("127.0.0.1:0", devserver.WithLogger(log.New(&serverLog, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	project, _ := chatProject(t, srv, "kept")
	runChat(t, project, storage)
	out, _ := runChat(t, project, storage)
	for _, who := range []string{"alice", "bob"} {
		if !strings.Contains(out, "logged in as "+who+" (token kept in storage)") {
			t.Errorf("the second launch did not reuse %s's token:\n%s", who, out)
		}
	}
	logins := regexp.MustCompile(`logged in as \w+\n`)
	waitForLog(t, &serverLog, logins, 2)
	_ = srv.Close()

	var restartedLog syncbuf.Buffer
	restarted, err := devserver.Start("127.0.0.1:0", devserver.WithLogger(log.New(&restartedLog, "", 0)))
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	project, _ = chatProject(t, restarted, "kept")
	h, stdout, stderr := launchChat(t, project, storage)
	if err := h.Exit(context.Background()); err != nil {
		t.Errorf("exit: %v\nstderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "logged in as alice (token kept in storage)") ||
		!strings.Contains(stdout.String(), "logged in as alice (new token from /login)") ||
		!strings.Contains(stdout.String(), "the chat is over") {
		t.Errorf("alice did not log in again after her token was refused:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	waitForLog(t, &restartedLog, regexp.MustCompile(`logged in as alice\n`), 1)
}

// The chat sample's own test suite (chat/__tests__, written as a mini program team writes
// jest tests) passes under the test runner: `cd examples/chat && wxrun test`.
func TestChatTestSuite(t *testing.T) {
	s := wxtest.Run(t, "chat")
	if passed, _, _, _, total := s.Totals(); passed != total || total < 10 {
		t.Errorf("%d of %d tests passed, want all of at least 10", passed, total)
	}
}

// The README's ten-line example of a page test is chat/__tests__/reconnect.test.js, which
// TestChatTestSuite runs: the README shows it as it is.
func TestREADMEShowsTheReconnectTest(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not found")
	}
	test, err := fs.ReadFile(os.DirFS("chat/__tests__"), "reconnect.test.js")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```js\n"+string(test)+"```\n") {
		t.Errorf("README.md's Testing section does not show chat/__tests__/reconnect.test.js as it is:\n%s", test)
	}
}
