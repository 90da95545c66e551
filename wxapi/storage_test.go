package wxapi

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
)

func runJS(t *testing.T, src string, opts ...Option) string {
	t.Helper()
	rt, out := newRuntime(t, opts...)
	if err := rt.RunString(context.Background(), "main.js", src); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return out.String()
}

// What one run stores, the next run of the same project reads: sync and async writes,
// every value type, in the file under the data directory named after the appid.
func TestStoragePersistsAcrossRuns(t *testing.T) {
	dir := t.TempDir()
	opts := []Option{WithDataDir(dir), WithAppID("wx0123456789abcdef")}
	runJS(t, `
		wx.setStorageSync("token", "t-123");
		wx.setStorageSync("when", new Date(86400000));
		wx.setStorageSync("bytes", new Uint8Array([1, 2, 3]).buffer);
		wx.setStorage({ key: "user", data: { name: "alice", tags: ["a"] }, success() { console.log("stored") } });
	`, opts...)
	if _, err := os.Stat(filepath.Join(dir, "storage", "wx0123456789abcdef.db")); err != nil {
		t.Fatal(err)
	}
	out := runJS(t, `
		console.log(wx.getStorageSync("token"), wx.getStorageSync("when").toISOString(),
			new Uint8Array(wx.getStorageSync("bytes")).join(","), JSON.stringify(wx.getStorageSync("user")));
		wx.getStorage({ key: "user" }).then((res) => console.log(res.errMsg, res.data.name));
		console.log(JSON.stringify(wx.getStorageInfoSync()));
	`, opts...)
	want := "t-123 1970-01-02T00:00:00.000Z 1,2,3 {\"name\":\"alice\",\"tags\":[\"a\"]}\n" +
		"{\"keys\":[\"bytes\",\"token\",\"user\",\"when\"],\"currentSize\":1,\"limitSize\":10240}\n" +
		"getStorage:ok alice\n"
	if out != want {
		t.Fatalf("second run printed\n%s\nwant\n%s", out, want)
	}

	// Another project (appid) has storage of its own.
	if out := runJS(t, `console.log(JSON.stringify(wx.getStorageInfoSync().keys))`, WithDataDir(dir), WithAppID("wxother")); out != "[]\n" {
		t.Fatalf("another appid sees %s", out)
	}
	// WithFreshStorage starts the project empty.
	if out := runJS(t, `console.log(JSON.stringify(wx.getStorageInfoSync().keys))`, append(opts, WithFreshStorage(true))...); out != "[]\n" {
		t.Fatalf("fresh storage has %s", out)
	}
}

// Without a data directory or file, storage is in memory: nothing is written, and a new
// runtime starts empty.
func TestStorageInMemoryByDefault(t *testing.T) {
	out := runJS(t, `wx.setStorageSync("k", 1); console.log(wx.getStorageSync("k"))`)
	if out != "1\n" {
		t.Fatal(out)
	}
	if out := runJS(t, `console.log(JSON.stringify(wx.getStorageSync("k")))`); out != "\"\"\n" {
		t.Fatalf("a new runtime sees %s", out)
	}
}

// Two runtimes on the same file at once — two runs of one project — write and read
// concurrently, sync and async; every write lands.
func TestStorageSharedFileConcurrentRuntimes(t *testing.T) {
	file := filepath.Join(t.TempDir(), "shared.db")
	var wg sync.WaitGroup
	outs := make([]string, 2)
	for i := range 2 {
		rt, out := newRuntime(t, WithStorageFile(file))
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := rt.RunString(context.Background(), "main.js", `
				const me = "r`+string(rune('0'+i))+`";
				let n = 0;
				for (let j = 0; j < 40; j++) {
					wx.setStorageSync(me + "-sync-" + j, j);
					wx.setStorage({ key: me + "-async-" + j, data: j, success() { n++ } });
				}
				setTimeout(function check() {
					if (n < 40) return setTimeout(check, 5);
					console.log(wx.batchGetStorageSync([me + "-sync-39", me + "-async-39"]).join(","));
				}, 5);
			`)
			if err != nil {
				t.Errorf("runtime %d: %v\n%s", i, err, out)
			}
			outs[i] = out.String()
		}()
	}
	wg.Wait()
	for i, out := range outs {
		if out != "39,39\n" {
			t.Errorf("runtime %d printed %q", i, out)
		}
	}
	out := runJS(t, `console.log(wx.getStorageInfoSync().keys.length)`, WithStorageFile(file))
	if strings.TrimSpace(out) != "160" {
		t.Fatalf("%s keys after 2 × 80 writes", out)
	}
}

// A storage file that cannot be used makes Install fail, naming the file.
func TestStorageUnusableFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.db")
	if err := os.WriteFile(bad, []byte(strings.Repeat("junk", 4096)), 0o600); err != nil {
		t.Fatal(err)
	}
	rt, _ := newRuntimeWithoutInstall(t)
	_, err := Install(rt, WithStorageFile(bad))
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("Install = %v, want an error naming %s", err, bad)
	}
}

func TestStorageFileName(t *testing.T) {
	for in, want := range map[string]string{
		"wx0123abcd":   "wx0123abcd",
		"touristappid": "touristappid",
		"../../etc":    "..%2F..%2Fetc",
		"":             "_",
		"..":           "_..",
		"a b/é":        "a%20b%2F%E9",
	} {
		if got := filepath.Base(StorageFile("/d", in)); got != want+".db" {
			t.Errorf("StorageFile(%q) = %s, want %s.db", in, got, want)
		}
	}
}

// newRuntimeWithoutInstall returns a runtime without wx, writing console output to out.
func newRuntimeWithoutInstall(t testing.TB) (*runtime.Runtime, *syncbuf.Buffer) {
	t.Helper()
	out := &syncbuf.Buffer{}
	rt, err := runtime.New(runtime.WithRoot(t.TempDir()), runtime.WithStdout(out), runtime.WithStderr(out))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close() })
	return rt, out
}
