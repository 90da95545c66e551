package apphost

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wstest"
	"github.com/wxrun/wxrun/wxapi"
)

// mapFS is an fstest.MapFS of files (slash paths → contents).
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// openFiles opens a project made of files (slash paths → contents), console output in out.
func openFiles(t *testing.T, files map[string]string, opts ...Option) (*Host, *syncbuf.Buffer) {
	t.Helper()
	p, err := wxapi.LoadProjectFS(mapFS(files), ".")
	if err != nil {
		t.Fatal(err)
	}
	out := &syncbuf.Buffer{}
	h, err := Open(p, append([]Option{WithRuntime(runtime.WithStdout(out), runtime.WithStderr(out))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h, out
}

func testContext(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestOpenChecksAppJSON(t *testing.T) {
	for _, tt := range []struct {
		name, appJSON, want string
	}{
		{"no pages", `{}`, `app.json: "pages" lists no page: a project needs at least one (such as "pages/index/index")`},
		{"empty pages", `{"pages": []}`, `app.json: "pages" lists no page`},
		{"a page twice", `{"pages": ["pages/a/a", "/pages/a/a"]}`, `app.json: page "pages/a/a" is listed twice`},
		{"a subpackage page twice", `{"pages": ["p/a"], "subPackages": [{"root": "p", "pages": ["a"]}]}`, `app.json: page "p/a" is listed twice`},
		{"a subpackage without root", `{"pages": ["a"], "subpackages": [{"pages": ["b"]}]}`, `app.json: a subpackage has no root`},
		{"a tab page not listed", `{"pages": ["a"], "tabBar": {"list": [{"pagePath": "b"}]}}`, `app.json: tabBar page "b" is not listed in pages`},
		{"an entry page not listed", `{"pages": ["a"], "entryPagePath": "b"}`, `app.json: entryPagePath "b" is not listed in pages`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := wxapi.LoadProjectFS(fstest.MapFS{"app.json": {Data: []byte(tt.appJSON)}}, ".")
			if err != nil {
				t.Fatal(err)
			}
			_, err = Open(p)
			var ce *wxapi.ConfigError
			if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v, want a ConfigError starting with %q", err, tt.want)
			}
		})
	}
}

// The Go API drives a project from another goroutine while Run executes: pages and their
// data, the navigation functions and their errors, background and foreground; Exit tears
// the program down and FinalPages keeps what the pages ended with.
func TestGoAPIDrivesAProject(t *testing.T) {
	page := func(name string) string {
		return `Page({
			data: { name: '` + name + `', shown: 0 },
			onLoad(q) { console.log('` + name + `.onLoad ' + JSON.stringify(q)); this.setData({ query: q }) },
			onShow() { this.setData({ shown: this.data.shown + 1 }) },
			onHide() { this.setData({ hidden: true }) },
			onUnload() { console.log('` + name + `.onUnload') }
		})`
	}
	h, out := openFiles(t, map[string]string{
		"app.json":      `{"pages": ["pages/a/a", "pages/b/b", "pages/t/t"], "tabBar": {"list": [{"pagePath": "pages/t/t"}]}}`,
		"app.js":        `App({ onHide() { console.log('App.onHide') }, onShow(o) { console.log('App.onShow ' + o.path) } })`,
		"pages/a/a.js":  page("a"),
		"pages/b/b.js":  page("b"),
		"pages/t/t.js":  page("t"),
		"unrelated.txt": "",
	})
	ctx := testContext(t, 20*time.Second)
	hold := h.Runtime().Hold("the test drives the program")
	defer hold.Release()
	ran := make(chan error, 1)
	go func() { ran <- h.Run(ctx) }()

	data := func(want ...string) []PageState {
		t.Helper()
		pages, err := h.Pages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range pages {
			got = append(got, p.Route+" "+string(p.Data))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("pages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		return pages
	}
	data(`pages/a/a {"name":"a","shown":1,"query":{}}`)

	if err := h.NavigateTo(ctx, "../b/b?x=1"); err != nil {
		t.Fatal(err)
	}
	pages := data(`pages/a/a {"name":"a","shown":1,"query":{},"hidden":true}`, `pages/b/b {"name":"b","shown":1,"query":{"x":"1"}}`)
	if pages[1].Query["x"] != "1" {
		t.Errorf("query %v", pages[1].Query)
	}
	var ne *NavigationError
	if err := h.NavigateTo(ctx, "/pages/t/t"); !errors.As(err, &ne) || ne.ErrMsg != "navigateTo:fail can not navigateTo a tabbar page" {
		t.Errorf("navigateTo a tab page: %v", err)
	}
	if err := h.RedirectTo(ctx, "/pages/nope"); err == nil || err.Error() != `redirectTo:fail page "pages/nope" is not found` {
		t.Errorf("redirectTo a missing page: %v", err)
	}

	if err := h.Background(ctx); err != nil {
		t.Fatal(err)
	}
	data(`pages/a/a {"name":"a","shown":1,"query":{},"hidden":true}`, `pages/b/b {"name":"b","shown":1,"query":{"x":"1"},"hidden":true}`)
	if err := h.Foreground(ctx); err != nil {
		t.Fatal(err)
	}
	data(`pages/a/a {"name":"a","shown":1,"query":{},"hidden":true}`, `pages/b/b {"name":"b","shown":2,"query":{"x":"1"},"hidden":true}`)

	if err := h.NavigateBack(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := h.SwitchTab(ctx, "/pages/t/t"); err != nil {
		t.Fatal(err)
	}
	data(`pages/t/t {"name":"t","shown":1,"query":{}}`)
	if err := h.ReLaunch(ctx, "/pages/b/b?again=1"); err != nil {
		t.Fatal(err)
	}
	if err := h.RedirectTo(ctx, "/pages/a/a"); err != nil {
		t.Fatal(err)
	}
	data(`pages/a/a {"name":"a","shown":1,"query":{}}`)

	hold.Release()
	if err := <-ran; err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if err := h.Exit(context.Background()); err != nil {
		t.Fatalf("exit: %v\n%s", err, out)
	}
	final, _ := json.Marshal(h.FinalPages())
	if string(final) != `[{"route":"pages/a/a","query":{},"data":{"name":"a","shown":1,"query":{},"hidden":true}}]` {
		t.Errorf("final pages: %s", final)
	}
	want := "App.onShow pages/a/a\na.onLoad {}\nb.onLoad {\"x\":\"1\"}\nApp.onHide\nApp.onShow pages/b/b\nb.onUnload\n" +
		"a.onUnload\nt.onLoad {}\nt.onUnload\nb.onLoad {\"again\":\"1\"}\nb.onUnload\na.onLoad {}\nApp.onHide\na.onUnload\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	// Closed: the methods that wait say so.
	if err := h.Background(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Background after Exit: %v", err)
	}
}

// A run that its context ends interrupts the JavaScript running; Exit then tears the
// program down, and the page's clean-up runs.
func TestExitAfterATimeout(t *testing.T) {
	h, out := openFiles(t, map[string]string{
		"app.json":     `{"pages": ["pages/a/a"]}`,
		"app.js":       `App({ onHide() { console.log('App.onHide') } })`,
		"pages/a/a.js": `Page({ onReady() { console.log('spinning'); while (true) {} }, onUnload() { console.log('a.onUnload') } })`,
	})
	err := h.Run(testContext(t, 200*time.Millisecond))
	var te *runtime.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("run: want a *runtime.TimeoutError, got %v", err)
	}
	if err := h.Exit(context.Background()); err != nil {
		t.Fatalf("exit: %v", err)
	}
	if out.String() != "spinning\nApp.onHide\na.onUnload\n" {
		t.Errorf("output %q", out.String())
	}
}

// A teardown that hangs is cut short at Exit's deadline: Exit returns and the runtime is
// closed.
func TestExitIsBounded(t *testing.T) {
	h, out := openFiles(t, map[string]string{
		"app.json":     `{"pages": ["pages/a/a"]}`,
		"app.js":       `App({})`,
		"pages/a/a.js": `Page({ onUnload() { console.log('unloading forever'); while (true) {} } })`,
	})
	if err := h.Run(testContext(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err := h.Exit(testContext(t, 200*time.Millisecond))
	var te *runtime.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("exit: want a *runtime.TimeoutError, got %v", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Exit took %v", elapsed)
	}
	if out.String() != "unloading forever\n" {
		t.Errorf("output %q", out.String())
	}
	if h.Runtime().Submit(func() {}) {
		t.Error("the runtime is still open after Exit")
	}
}

// An exception in a lifecycle method, an observer or a setData callback is reported like
// any uncaught error — printed with the user's frames only, passed to App.onError — and
// the program goes on.
func TestUserErrorsInLifecyclesAreReported(t *testing.T) {
	h, out := openFiles(t, map[string]string{
		"app.json": `{"pages": ["pages/a/a"]}`,
		"app.js":   `App({ onError(msg) { console.log('App.onError ' + msg.split('\n')[0]) } })`,
		"pages/a/a.js": `Component({
  observers: { x: function () { throw new TypeError('observer boom') } },
  methods: {
    onLoad() {
      this.setData({ x: 1 }, function () { throw new RangeError('callback boom') })
      throw new Error('onLoad boom')
    },
    onShow() { console.log('onShow still runs') }
  }
})`,
	})
	err := h.Run(testContext(t, 10*time.Second))
	var ue *runtime.UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 3 {
		t.Fatalf("want 3 uncaught errors, got %v\n%s", err, out)
	}
	text := out.String()
	for _, want := range []string{
		"Uncaught TypeError: observer boom\n    at x (pages/a/a.js:2:",
		"Uncaught Error: onLoad boom\n    at onLoad (pages/a/a.js:6:",
		"Uncaught RangeError: callback boom\n    at pages/a/a.js:5:",
		"App.onError TypeError: observer boom\nUncaught Error: onLoad boom",
		"App.onError Error: onLoad boom\nonShow still runs\nUncaught RangeError: callback boom",
		"App.onError RangeError: callback boom\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "<wxrun>") || strings.Contains(text, "framework.js") {
		t.Errorf("the framework's frames show:\n%s", text)
	}
}

// The DevTools' warnings for setData and properties, word for word.
func TestSetDataWarnings(t *testing.T) {
	h, out := openFiles(t, map[string]string{
		"app.json": `{"pages": ["pages/a/a"]}`,
		"app.js":   `App({})`,
		"pages/a/a.js": `Component({
  properties: { n: Number, s: String, list: Array, obj: Object },
  methods: {
    onLoad() {
      this.setData({ u: undefined, 'a[b]': 1 })
      this.setData(42)
      this.setData({ n: 'x', s: null, list: {}, obj: 'o' })
      this.setData({ big: new Array(1024 * 1024 + 1).join('x') })
    }
  }
})`,
	})
	if err := h.Run(testContext(t, 10*time.Second)); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := `Setting data field "u" to undefined is invalid.
data path descriptor "a[b]" is illegal at char 2 (illegal index)
setData accepts an Object rather than some Number
[Component] property "n" of "pages/a/a" received type-uncompatible value: expected <Number> but got non-number value. Used 0 instead.
[Component] property "s" of "pages/a/a" received type-uncompatible value: expected <String> but get null value. Used empty string instead.
[Component] property "list" of "pages/a/a" received type-uncompatible value: expected <Array> but got non-array value. Used empty array instead.
[Component] property "obj" of "pages/a/a" received type-uncompatible value: expected <Object> but got non-object value. Used null instead.
invokeWebviewMethod 数据传输长度为 1048586 已经超过最大长度 1048576
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

// A script that is not a project: App() still gets onLaunch and onShow once the file has
// run, Exit runs App.onHide, and Page() has no page file to register for.
func TestOpenScript(t *testing.T) {
	fsys := fstest.MapFS{"main.js": {Data: []byte(`
App({
  onLaunch(o) { console.log('onLaunch ' + JSON.stringify(o)) },
  onShow() { console.log('onShow') },
  onHide() { console.log('onHide') }
})
try { Page({}) } catch (e) { console.log(e.message) }
console.log('main done')
`)}}
	out := &syncbuf.Buffer{}
	h, err := OpenScript(runtime.WithFS(fsys), "main.js", WithRuntime(runtime.WithStdout(out), runtime.WithStderr(out)))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if err := h.Run(testContext(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := h.Exit(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := "Page() must be called while a page or component file is evaluated, not from app.js, a timer or a callback\n" +
		"main done\n" +
		`onLaunch {"path":"","query":{},"scene":1001,"referrerInfo":{},"apiCategory":"default"}` + "\n" +
		"onShow\nonHide\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	if pages := h.FinalPages(); len(pages) != 0 {
		t.Errorf("final pages %v", pages)
	}
}

// WithBackground switches on its own, counted from the launch, and keeps the program
// alive until it has: to the background after 50 ms, back 50 ms later.
func TestWithBackground(t *testing.T) {
	h, out := openFiles(t, map[string]string{
		"app.json":     `{"pages": ["pages/a/a"]}`,
		"app.js":       `App({ onShow(o) { console.log('App.onShow') }, onHide() { console.log('App.onHide') } })`,
		"pages/a/a.js": `Page({ onShow() { console.log('a.onShow') }, onHide() { console.log('a.onHide') } })`,
	}, WithBackground(50*time.Millisecond, 50*time.Millisecond))
	start := time.Now()
	if err := h.Run(testContext(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 100*time.Millisecond {
		t.Errorf("the run ended after %v, before the switches", elapsed)
	}
	if out.String() != "App.onShow\na.onShow\na.onHide\nApp.onHide\nApp.onShow\na.onShow\n" {
		t.Errorf("output:\n%s", out)
	}
}

// Exit waits for the clean-up the teardown starts, not for what the program leaves
// running: an interval nobody cleared does not hold it up until its deadline.
func TestExitDoesNotWaitForLeftoverTimers(t *testing.T) {
	h, out := openFiles(t, map[string]string{
		"app.json":     `{"pages": ["pages/a/a"]}`,
		"app.js":       `App({})`,
		"pages/a/a.js": `Page({ onLoad() { setInterval(() => {}, 1000) }, onUnload() { setTimeout(() => console.log('clean-up done'), 0) } })`,
	})
	err := h.Run(testContext(t, 100*time.Millisecond))
	var te *runtime.TimeoutError
	if !errors.As(err, &te) {
		t.Fatalf("run: want a timeout (the interval keeps it going), got %v", err)
	}
	start := time.Now()
	if err := h.Exit(testContext(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Exit took %v: it waited for the interval", elapsed)
	}
	if out.String() != "clean-up done\n" {
		t.Errorf("output %q: the clean-up's timer, due at once, did not run", out.String())
	}
}

// Exit waits for a socket onUnload closes — its onClose runs — but not for one left open,
// which gets 1001 when the runtime closes.
func TestExitWaitsForClosingSocketsOnly(t *testing.T) {
	srv := wstest.NewServer(t)
	h, out := openFiles(t, map[string]string{
		"app.json": `{"pages": ["pages/a/a"]}`,
		"app.js":   `App({})`,
		"pages/a/a.js": `Page({
			onLoad() {
				this.kept = wx.connectSocket({ url: SERVER + '/echo?which=kept' })
				this.closed = wx.connectSocket({ url: SERVER + '/echo?which=closed' })
				this.closed.onClose((res) => console.log('closed ' + res.code))
			},
			onUnload() { this.closed.close({ code: 4000 }) }
		})`,
	})
	_ = h.Runtime().VM().Set("SERVER", srv.URL)
	if err := h.Run(testContext(t, 300*time.Millisecond)); !errors.As(err, new(*runtime.TimeoutError)) {
		t.Fatalf("run: want a timeout (two open sockets), got %v", err)
	}
	start := time.Now()
	if err := h.Exit(testContext(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Exit took %v: it waited for the socket left open", elapsed)
	}
	if out.String() != "closed 4000\n" {
		t.Errorf("output %q: the closing socket's onClose did not run before Exit returned", out.String())
	}
	ctx := testContext(t, 5*time.Second)
	for _, c := range srv.Conns() {
		if err := c.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"kept": 1001, "closed": 4000}[c.Query().Get("which")]
		if c.CloseCode() != want {
			t.Errorf("%s: the server got %d, want %d", c.Query().Get("which"), c.CloseCode(), want)
		}
	}
}

// WithLaunchQuery adds to the entry's query: App.onLaunch, getLaunchOptionsSync and the
// entry page's onLoad see it in a project, App.onLaunch and getLaunchOptionsSync in a
// script.
func TestWithLaunchQuery(t *testing.T) {
	h, out := openFiles(t, map[string]string{
		"app.json": `{"pages":["pages/a/a"]}`,
		"app.js":   `App({ onLaunch(o) { console.log('launch ' + JSON.stringify(o.query)) } })`,
		"pages/a/a.js": `Page({ onLoad(q) {
			console.log('load ' + JSON.stringify(q) + ' ' + JSON.stringify(wx.getLaunchOptionsSync().query))
		} })`,
	}, WithEntryPage("pages/a/a?room=1"), WithLaunchQuery("wxrun_instance=7&wxrun_instances=10"))
	if err := h.Run(testContext(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	q := `{"room":"1","wxrun_instance":"7","wxrun_instances":"10"}`
	if want := "launch " + q + "\nload " + q + " " + q + "\n"; out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}

	fsys := fstest.MapFS{"main.js": {Data: []byte(`
App({ onLaunch(o) { console.log('launch ' + JSON.stringify(o.query)) } })
console.log('sync ' + JSON.stringify(wx.getLaunchOptionsSync().query))
`)}}
	sout := &syncbuf.Buffer{}
	s, err := OpenScript(runtime.WithFS(fsys), "main.js", WithRuntime(runtime.WithStdout(sout), runtime.WithStderr(sout)), WithLaunchQuery("wxrun_instance=2"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Run(testContext(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if want := "sync {\"wxrun_instance\":\"2\"}\nlaunch {\"wxrun_instance\":\"2\"}\n"; sout.String() != want {
		t.Errorf("script output:\n%s\nwant:\n%s", sout, want)
	}
}

// A --timeout that interrupts the launch ends it there: an app.js that never returns is
// stopped, and neither the page files, App.onLaunch nor the entry page run afterwards;
// likewise an onLaunch that never returns keeps onShow and the page from running.
func TestTimeoutStopsTheLaunch(t *testing.T) {
	page := `console.log("page file"); Page({ onLoad() { console.log("onLoad") }, onShow() { console.log("onShow") } })`
	for _, tt := range []struct{ name, app, want string }{
		{"in app.js", `for (;;) {}`, ""},
		{"in onLaunch", `App({ onLaunch() { console.log("onLaunch"); for (;;) {} }, onShow() { console.log("App.onShow") } })`, "page file\nonLaunch\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, out := openFiles(t, map[string]string{
				"app.json":     `{"pages": ["pages/a/a"]}`,
				"app.js":       tt.app,
				"pages/a/a.js": page,
			})
			var te *runtime.TimeoutError
			if err := h.Run(testContext(t, 200*time.Millisecond)); !errors.As(err, &te) {
				t.Fatalf("Run: %v, want a TimeoutError", err)
			}
			_ = h.Exit(context.Background())
			if got := out.String(); got != tt.want {
				t.Errorf("output %q, want %q", got, tt.want)
			}
		})
	}
}
