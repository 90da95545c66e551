package examples_test

import (
	"context"
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wxrun/wxrun/devserver"
	"github.com/wxrun/wxrun/examples"
	"github.com/wxrun/wxrun/internal/overlayfs"
	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// The test runs a development server and sockets; none may outlive it.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The chat sample runs straight from its embedded files, with config.js replaced by one
// naming a server on 127.0.0.1 — what `wxrun demo` does, without copying anything to disk.
func TestChatRunsFromTheEmbeddedFiles(t *testing.T) {
	srv, err := devserver.Start("127.0.0.1:0")
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
	root, err := fs.Sub(project.FS, project.Root)
	if err != nil {
		t.Fatal(err)
	}

	var out, errOut syncbuf.Buffer
	rt, err := runtime.New(runtime.WithFS(root), runtime.WithStdout(&out), runtime.WithStderr(&errOut))
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	if _, err := wxapi.Install(rt, project.Options()...); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := rt.RunFile(ctx, "app.js"); err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, errOut.String())
	}
	for _, want := range []string{
		"chat demo: connecting to " + url + "\n", // the overlaid config.js
		"chat demo: done, 10 chat events received\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
