package apphost

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// App() with every value of js-tests' hostile matrix, each in a fresh runtime, since only
// the first App() counts: a non-object is a TypeError, an object is registered and its
// onLaunch/onShow run later; a hostile one (throwing getters, Proxy traps) is reported
// like any script error, never as an internal error, and the run ends.
func TestAppWithEveryValue(t *testing.T) {
	count := 0
	for i := 0; ; i++ {
		var name string
		var isObject bool
		var out syncbuf.Buffer
		rt, err := runtime.New(runtime.WithRoot("../js-tests"), runtime.WithStdout(&out), runtime.WithStderr(&out))
		if err != nil {
			t.Fatal(err)
		}
		api, err := wxapi.Install(rt, wxapi.WithMaxSockets(0))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Install(rt, api); err != nil {
			t.Fatal(err)
		}
		_ = rt.VM().Set("SERVER", "ws://127.0.0.1:1") // nothing may connect
		_ = rt.VM().Set("report", func(n string, obj bool) { name, isObject = n, obj })
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		err = rt.RunString(ctx, "main.js", `
			var entries = require('/testdata/hostile/matrix.js').values(SERVER);
			if (`+strconv.Itoa(i)+` < entries.length) {
				var entry = entries[`+strconv.Itoa(i)+`];
				var v = entry[1]();
				report(entry[0], v !== null && (typeof v === 'object' || typeof v === 'function'));
				App(v);
				getApp({ allowDefault: true });
				setTimeout(function () {}, 1);
			}
		`)
		cancel()
		_ = rt.Close()
		if name == "" {
			break
		}
		count++
		if strings.Contains(out.String(), "internal error") {
			t.Errorf("App(%s): an internal error:\n%s", name, out.String())
		}
		var ue *runtime.UncaughtErrors
		switch {
		case !isObject:
			if err == nil || !strings.Contains(out.String(), "TypeError: App() expects an object") {
				t.Errorf("App(%s): want a TypeError, got %v\n%s", name, err, out.String())
			}
		case err != nil && !errors.As(err, &ue):
			t.Errorf("App(%s): the run failed: %v\n%s", name, err, out.String())
		}
	}
	if count < 50 {
		t.Fatalf("only %d values ran", count)
	}
}

// getApp() before App() is undefined, or with {allowDefault: true} an object whose
// properties App() then inherits; a second App() is ignored with a warning; App.onError
// and App.onUnhandledRejection receive what the wx listeners receive.
func TestAppRegistration(t *testing.T) {
	var out syncbuf.Buffer
	h, err := OpenScript(runtime.WithFS(mapFS(map[string]string{"main.js": `
console.log(typeof getApp());
getApp({ allowDefault: true }).early = 'kept';
App({ name: 'first', onError(msg) { console.log('App.onError ' + msg.split('\n')[0]) },
      onUnhandledRejection(res) { console.log('App.onUnhandledRejection ' + res.reason) } });
App({ name: 'second' });
console.log(getApp().name + ' ' + getApp().early + ' ' + (getApp({ allowDefault: true }) === getApp()));
setTimeout(() => { throw new Error('late') }, 0);
Promise.reject('nobody handles this');
`})), "main.js", WithRuntime(runtime.WithStdout(&out), runtime.WithStderr(&out)))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	err = h.Run(testContext(t, 10*time.Second))
	var ue *runtime.UncaughtErrors
	if !errors.As(err, &ue) || len(ue.Errors) != 2 {
		t.Fatalf("want 2 uncaught errors, got %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"undefined\nApp() can only be called once; this call is ignored\nfirst kept true\n",
		"App.onUnhandledRejection nobody handles this\n",
		"App.onError Error: late\n",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
