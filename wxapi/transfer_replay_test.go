package wxapi_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/replay"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wstest"
	"github.com/wxrun/wxrun/wxapi"
)

// Downloads and uploads are traced as requests, so a recorded run replays them with the
// server gone: the same output, no divergence (an upload's multipart body is the same
// bytes each time).
func TestDownloadAndUploadReplay(t *testing.T) {
	srv := wstest.NewServer(t)
	script := `
		const fs = wx.getFileSystemManager();
		fs.writeFileSync(wx.env.USER_DATA_PATH + "/u.txt", "upload me");
		wx.downloadFile({ url: HTTP + "/http/body?text=downloaded", success(res) {
			console.log(res.statusCode, fs.readFileSync(res.tempFilePath, "utf8"));
			wx.uploadFile({ url: HTTP + "/http/upload", filePath: wx.env.USER_DATA_PATH + "/u.txt", name: "f",
				formData: { a: "1" }, success(res) {
					const got = JSON.parse(res.data);
					console.log(res.statusCode, got.fields.a, got.files[0].fileName, got.files[0].size);
				} });
		} });
	`
	want := "200 downloaded\n200 1 u.txt 9\n"
	run := func(tracePath string, transport wxapi.Transport) string {
		var out syncbuf.Buffer
		opts := []runtime.Option{runtime.WithRoot(t.TempDir()), runtime.WithStdout(&out), runtime.WithStderr(&out)}
		var w *trace.Writer
		if tracePath != "" {
			start := time.Now()
			var err error
			if w, err = trace.Create(tracePath, start, trace.WriterOptions{}); err != nil {
				t.Fatal(err)
			}
			opts = append(opts, runtime.WithTracer(trace.New(start, w)))
		}
		rt, err := runtime.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := wxapi.Install(rt, wxapi.WithTransport(transport)); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		runErr := rt.RunString(ctx, "main.js", `const HTTP = "`+srv.HTTPURL+`";`+script)
		_ = rt.Close()
		if w != nil {
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if runErr != nil {
			t.Fatalf("run: %v\n%s", runErr, out.String())
		}
		return out.String()
	}
	path := filepath.Join(t.TempDir(), "run.jsonl")
	if got := run(path, nil); got != want {
		t.Fatalf("recording printed %q, want %q", got, want)
	}
	srv.Close()
	rec, err := replay.Load(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := rec.NewSession(replay.Options{})
	if got := run("", s); got != want {
		t.Errorf("replay printed %q, want %q", got, want)
	}
	if d := s.Close(); len(d) > 0 {
		var b strings.Builder
		for _, x := range d {
			b.WriteString(x.String() + "\n")
		}
		t.Errorf("divergences:\n%s", b.String())
	}
}
