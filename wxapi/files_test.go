package wxapi

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wstest"
)

// The user's files persist under the data directory, next to storage, per appid;
// WithFreshStorage clears them, and temporary files never outlive a run.
func TestFilesPersistUnderTheDataDir(t *testing.T) {
	dir := t.TempDir()
	opts := []Option{WithDataDir(dir), WithAppID("wxfiles")}
	runJS(t, `
		const fs = wx.getFileSystemManager();
		fs.mkdirSync(wx.env.USER_DATA_PATH + "/d");
		fs.writeFileSync(wx.env.USER_DATA_PATH + "/d/kept.txt", "kept");
	`, opts...)
	if data, err := os.ReadFile(filepath.Join(dir, "files", "wxfiles", "usr", "d", "kept.txt")); err != nil || string(data) != "kept" {
		t.Fatalf("the file under the data dir: %q, %v", data, err)
	}
	// What a run that crashed left (its directory, unlocked) is gone at the next.
	runs := filepath.Join(dir, "files", "wxfiles", "runs")
	crashed := filepath.Join(runs, "crashed")
	if err := os.MkdirAll(filepath.Join(crashed, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"lock", "tmp/tmp_old"} {
		if err := os.WriteFile(filepath.Join(crashed, f), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	out := runJS(t, `
		const fs = wx.getFileSystemManager();
		console.log(fs.readFileSync(wx.env.USER_DATA_PATH + "/d/kept.txt", "utf8"));
		try { fs.accessSync("wxfile://tmp_old") } catch (e) { console.log(e.message) }
	`, opts...)
	if want := "kept\naccessSync:fail no such file or directory wxfile://tmp_old\n"; out != want {
		t.Fatalf("second run printed %q, want %q", out, want)
	}
	if _, err := os.Stat(crashed); !os.IsNotExist(err) {
		t.Errorf("the crashed run's directory is still there: %v", err)
	}
	if out := runJS(t, `console.log(JSON.stringify(wx.getFileSystemManager().readdirSync(wx.env.USER_DATA_PATH)))`, WithDataDir(dir), WithAppID("wxother")); out != "[]\n" {
		t.Fatalf("another appid sees %s", out)
	}
	if out := runJS(t, `console.log(JSON.stringify(wx.getFileSystemManager().readdirSync(wx.env.USER_DATA_PATH)))`, append(opts, WithFreshStorage(true))...); out != "[]\n" {
		t.Fatalf("fresh storage keeps %s", out)
	}
}

// Embedded without a data directory, the files live in a temporary directory that goes
// with the runtime, made only when a script first uses a file.
func TestFilesWithoutDataDirGoWithTheRuntime(t *testing.T) {
	rt, api, out := newRuntimeAPI(t)
	if err := rt.RunString(context.Background(), "none.js", `wx.getFileSystemManager(); wx.request`); err != nil {
		t.Fatal(err)
	}
	if dir := api.FilesPath(); dir != "" {
		t.Fatalf("a run that used no file made %s", dir)
	}
	if err := rt.RunString(context.Background(), "main.js", `wx.getFileSystemManager().writeFileSync(wx.env.USER_DATA_PATH + "/x", "x")`); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	dir := api.FilesPath()
	if _, err := os.Stat(filepath.Join(dir, "usr", "x")); err != nil {
		t.Fatal(err)
	}
	rt.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s is still there after Close: %v", dir, err)
	}
}

// A symlink a script did not make (the file area is only reached through an os.Root)
// cannot take a read or a write outside the area, nor outside the project.
func TestFilesRefuseSymlinksOut(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	rt, api, out := newRuntimeAPI(t, WithDataDir(dir))
	usr := filepath.Join(api.FilesPath(), "usr")
	if err := os.MkdirAll(usr, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(usr, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(rt.Root(), "code-link")); err != nil {
		t.Fatal(err)
	}
	err := rt.RunString(context.Background(), "main.js", `
		const fs = wx.getFileSystemManager();
		for (const f of [
			() => fs.readFileSync(wx.env.USER_DATA_PATH + "/link/secret", "utf8"),
			() => fs.writeFileSync(wx.env.USER_DATA_PATH + "/link/new", "x"),
			() => fs.readFileSync("code-link/secret", "utf8"),
		]) {
			try { console.log("read", f()) } catch (e) { console.log(e.message, e.errno) }
		}
	`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := "readFileSync:fail permission denied, open wxfile://usr/link/secret 1300013\n" +
		"writeFileSync:fail permission denied, open wxfile://usr/link/new 1300013\n" +
		"readFileSync:fail permission denied, open code-link/secret 1300013\n"
	if out.String() != want {
		t.Fatalf("printed\n%s\nwant\n%s", out, want)
	}
	if _, err := os.Stat(filepath.Join(outside, "new")); err == nil {
		t.Fatal("a file was written outside the area")
	}
}

// Writes go through a new file renamed into place: a reader that opened the old file
// goes on reading the old content, whole, never a mix; no partial file is left behind.
func TestFileWritesAreAtomic(t *testing.T) {
	rt, api, out := newRuntimeAPI(t)
	run := func(src string) {
		t.Helper()
		if err := rt.RunString(context.Background(), "main.js", src); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
	}
	run(`wx.getFileSystemManager().writeFileSync(wx.env.USER_DATA_PATH + "/f", "old content")`)
	old, err := os.Open(filepath.Join(api.FilesPath(), "usr", "f"))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	run(`
		const fs = wx.getFileSystemManager();
		const p = wx.env.USER_DATA_PATH + "/f";
		fs.writeFileSync(p, "new");
		fs.appendFileSync(p, "er");
		fs.copyFileSync(p, p + "2");
		try { fs.writeFileSync(wx.env.USER_DATA_PATH + "/none/f", "x") } catch (e) {}
	`)
	if data, _ := io.ReadAll(old); string(data) != "old content" {
		t.Errorf("the reader of the old file read %q", data)
	}
	entries, err := os.ReadDir(filepath.Join(api.FilesPath(), api.files.run, "partial"))
	if err != nil || len(entries) != 0 {
		t.Fatalf("partial/ holds %v (%v)", entries, err)
	}
	for _, name := range []string{"f", "f2"} {
		if data, _ := os.ReadFile(filepath.Join(api.FilesPath(), "usr", name)); string(data) != "newer" {
			t.Errorf("%s = %q", name, data)
		}
	}
}

// Downloads and uploads are traced as requests: one numbering with wx.request, the
// download's body as the response's payload, the upload's multipart body as the
// request's.
func TestTraceDownloadAndUpload(t *testing.T) {
	srv := wstest.NewServer(t)
	base := "http" + strings.TrimPrefix(srv.URL, "ws")
	rt, rec, out := tracedRuntime(t)
	runTraced(t, rt, out, `
		const base = "`+base+`";
		wx.getFileSystemManager().writeFileSync(wx.env.USER_DATA_PATH + "/up.txt", "file body");
		wx.request({ url: base + "/http/body?text=first", success() {
			wx.downloadFile({ url: base + "/http/body?text=downloaded", success() {
				wx.uploadFile({ url: base + "/http/body?text=uploaded", filePath: wx.env.USER_DATA_PATH + "/up.txt", name: "f", success() {
					wx.downloadFile({ url: "http://127.0.0.2:9/", fail() {} });
				} });
			} });
		} });
	`)
	events := rec.Events(trace.Request, trace.Response, trace.RequestFail)
	got := steps(events)
	want := []step{
		{Type: trace.Request, ID: 1, What: "GET " + base + "/http/body?text=first"},
		{Type: trace.Response, ID: 1, What: "text:first", Code: 200},
		{Type: trace.Request, ID: 2, What: "GET " + base + "/http/body?text=downloaded"},
		{Type: trace.Response, ID: 2, What: "text:downloaded", Code: 200},
		{Type: trace.Request, ID: 3, What: "POST " + base + "/http/body?text=uploaded"},
		{Type: trace.Response, ID: 3, What: "text:uploaded", Code: 200},
		{Type: trace.Request, ID: 4, What: "GET http://127.0.0.2:9/"},
		{Type: trace.RequestFail, ID: 4, What: "downloadFile:fail -102:net::ERR_CONNECTION_REFUSED"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("events\n got %+v\nwant %+v", got, want)
	}
	if body := events[4].Payload.Text; !strings.Contains(body, "file body") || !strings.Contains(body, `name="f"; filename="up.txt"`) {
		t.Errorf("the upload's request payload %q", body)
	}
}

// resolve's table: the areas, and ".." that may not leave them.
func TestFilePathResolution(t *testing.T) {
	_, api, _ := newRuntimeAPI(t)
	for _, c := range []struct {
		path string
		rel  string
		area area
		err  error
	}{
		{"wxfile://usr", "usr", areaUsr, nil},
		{"wxfile://usr/", "usr", areaUsr, nil},
		{"wxfile://usr/a/./b/../c", "usr/a/c", areaUsr, nil},
		{"wxfile://usr/..", "", areaUsr, fsPermission},
		{"wxfile://usr/a/../../usr/x", "", areaUsr, fsPermission},
		{"wxfile://usrx", "", areaNone, fsNotExist},
		{"wxfile://tmp_abc.png", "RUN/tmp/tmp_abc.png", areaTmp, nil},
		{"wxfile://tmp_a/b", "", areaTmp, fsNotExist},
		{"wxfile://store_abc", "store/store_abc", areaStore, nil},
		{"http://tmp/x", "", areaNone, fsNotExist},
		{"pages/a.json", "pages/a.json", areaCode, nil},
		{"/pages/a.json", "pages/a.json", areaCode, nil},
		{"../x", "", areaCode, fsPermission},
	} {
		l, err := api.files.resolve(c.path)
		c.rel = strings.Replace(c.rel, "RUN", api.files.run, 1)
		if err != c.err || (err == nil && (l.rel != c.rel || l.area != c.area)) {
			t.Errorf("resolve(%q) = %q area %d, %v; want %q area %d, %v", c.path, l.rel, l.area, err, c.rel, c.area, c.err)
		}
	}
}

// app.json's networkTimeout.downloadFile and uploadFile become the default timeouts.
func TestProjectTransferTimeouts(t *testing.T) {
	dir := t.TempDir()
	writeProjectFiles(t, dir, map[string]string{"app.json": `{"networkTimeout":{"downloadFile":1500,"uploadFile":2500,"request":100}}`})
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := defaultConfig()
	for _, o := range p.Options() {
		o(&c)
	}
	if c.downloadTimeout != 1500*time.Millisecond || c.uploadTimeout != 2500*time.Millisecond {
		t.Errorf("downloadTimeout %v, uploadTimeout %v; want 1.5s, 2.5s", c.downloadTimeout, c.uploadTimeout)
	}
	if d := defaultConfig(); d.downloadTimeout != 60*time.Second || d.uploadTimeout != 60*time.Second {
		t.Errorf("defaults %v, %v; want 60s", d.downloadTimeout, d.uploadTimeout)
	}
}

// Reset, a new launch in the same runtime, deletes the temporary files and keeps the
// user's.
func TestResetDeletesTemporaryFiles(t *testing.T) {
	rt, api, out := newRuntimeAPI(t)
	if err := rt.RunString(context.Background(), "main.js", `
		const fs = wx.getFileSystemManager();
		fs.writeFileSync(wx.env.USER_DATA_PATH + "/kept", "k");
	`); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	tmp := filepath.Join(api.FilesPath(), api.files.run, "tmp", "tmp_0123456789abcdef")
	if err := os.WriteFile(tmp, []byte("t"), 0o600); err != nil {
		t.Fatal(err)
	}
	api.Reset()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the temporary file survived Reset: %v", err)
	}
	if _, err := os.Stat(filepath.Join(api.FilesPath(), "usr", "kept")); err != nil {
		t.Errorf("the user's file: %v", err)
	}
}

// A run that ends while a download is being written (a timeout here) stops it, leaves no
// goroutine (goleak, in TestMain) and removes its temporary file area.
func TestShutdownDuringDownload(t *testing.T) {
	srv := wstest.NewServer(t)
	rt, api, out := newRuntimeAPI(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	err := rt.RunString(ctx, "main.js", `
		wx.getFileSystemManager().accessSync(wx.env.USER_DATA_PATH);
		wx.downloadFile({ url: "`+srv.HTTPURL+`/http/chunks?n=1000&ms=20", complete(res) { console.log("complete", res.errMsg) } });
	`)
	var te *runtime.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("RunString = %v, want a timeout\n%s", err, out)
	}
	if !strings.Contains(strings.Join(te.Pending, "\n"), "wx.downloadFile GET ") {
		t.Errorf("pending %q lacks the download", te.Pending)
	}
	rt.Close()
	if _, err := os.Stat(api.FilesPath()); !os.IsNotExist(err) {
		t.Errorf("%s is still there: %v", api.FilesPath(), err)
	}
	if strings.Contains(out.String(), "complete") {
		t.Errorf("a callback ran after the shutdown: %s", out)
	}
}

// Runs of one project may share its directory at once (wxrun test --jobs with --data-dir,
// two terminals): each has temporary files of its own, which the other's start does not
// touch, and which go when it ends.
func TestRunsShareTheFilesDir(t *testing.T) {
	dir := t.TempDir()
	rtA, apiA, outA := newRuntimeAPI(t, WithDataDir(dir))
	srv := wstest.NewServer(t)
	if err := rtA.RunString(context.Background(), "a.js", `
		wx.downloadFile({ url: "`+srv.HTTPURL+`/http/body?text=mine", complete(res) { console.log(res.tempFilePath || res.errMsg) } });
	`); err != nil {
		t.Fatalf("%v\n%s", err, outA)
	}
	tmp := strings.TrimSpace(outA.String())
	rtB, apiB, outB := newRuntimeAPI(t, WithDataDir(dir))
	if err := rtB.RunString(context.Background(), "b.js", `
		const fs = wx.getFileSystemManager();
		fs.writeFileSync(wx.env.USER_DATA_PATH + "/shared", "b");
		try { fs.accessSync("`+tmp+`") } catch (e) { console.log(e.message) }
	`); err != nil {
		t.Fatalf("%v\n%s", err, outB)
	}
	if want := "accessSync:fail no such file or directory " + tmp + "\n"; outB.String() != want {
		t.Errorf("B printed %q, want %q: temporary files are the run's own", outB, want)
	}
	if err := rtA.RunString(context.Background(), "a2.js", `
		const fs = wx.getFileSystemManager();
		console.log(fs.readFileSync("`+tmp+`", "utf8"), fs.readFileSync(wx.env.USER_DATA_PATH + "/shared", "utf8"));
	`); err != nil {
		t.Fatalf("%v\n%s", err, outA)
	}
	if outA.String() != tmp+"\nmine b\n" {
		t.Errorf("A printed %q: B's start removed A's temporary file, or A does not see B's user file", outA)
	}
	runA := filepath.Join(apiA.FilesPath(), apiA.files.run)
	rtA.Close()
	if _, err := os.Stat(runA); !os.IsNotExist(err) {
		t.Errorf("A's run directory outlived it: %v", err)
	}
	if _, err := os.Stat(filepath.Join(apiB.FilesPath(), apiB.files.run, "lock")); err != nil {
		t.Errorf("B's run directory: %v", err)
	}
}
