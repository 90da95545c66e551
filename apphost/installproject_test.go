package apphost

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// InstallProject runs a project whose miniprogramRoot is a folder of the runtime's tree,
// as a test runner reading the whole project folder does: app.js and the pages load from
// the folder, "/x" means the mini program root's x (MapRequest), the subpackage rules see
// module names relative to the mini program root and leave the files outside it (tests)
// alone; the launch waits for Launch; the loop-goroutine API reads the pages and
// navigates.
func TestInstallProjectInAFolder(t *testing.T) {
	files := mapFS(map[string]string{
		"project.config.json": `{"miniprogramRoot": "mp/"}`,
		"mp/app.json":         `{"pages": ["pages/a/a", "pages/b/b"], "subPackages": [{"root": "pkg", "pages": ["c/c"]}]}`,
		"mp/app.js":           `App({ onLaunch(o) { console.log("launch", o.path, o.query.x) } })`,
		"mp/utils/name.js":    `module.exports = "from /utils"`,
		"mp/pages/a/a.js": `const name = require("/utils/name");
			Page({
				data: { n: 0 },
				onLoad(q) { this.setData({ n: 1, name, x: q.x }); this.data.direct = true },
				onReady() { console.log("a ready") },
				onShow() { console.log("a show") },
			})`,
		"mp/pages/b/b.js": `Page({ onLoad() { console.log("b load") }, onUnload() { console.log("b unload") },
			crossPackage() { require("../../pkg/util.js") } })`,
		"mp/pkg/c/c.js":   `Page({})`,
		"mp/pkg/util.js":  `module.exports = "pkg util"`,
		"tests/t.test.js": `module.exports = require("../mp/pkg/util.js")`,
	})
	p, err := wxapi.LoadProjectFS(files, ".")
	if err != nil {
		t.Fatal(err)
	}
	var out syncbuf.Buffer
	rt, err := runtime.New(runtime.WithFS(files), runtime.WithStdout(&out), runtime.WithStderr(&out))
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	api, err := wxapi.Install(rt)
	if err != nil {
		t.Fatal(err)
	}
	h, err := InstallProject(rt, api, p, p.Root, WithEntryPage("pages/a/a?x=1"))
	if err != nil {
		t.Fatal(err)
	}
	rt.SetModuleOverrides(runtime.ModuleOverrides{MapRequest: h.MapRequest})

	hold := rt.Hold("test")
	var problems []string
	check := func(ok bool, format string, args ...any) {
		if !ok {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	rt.Submit(func() {
		defer hold.Release()
		check(len(h.CurrentPages()) == 0, "pages before Launch: %d", len(h.CurrentPages()))
		h.Launch()
		pages := h.CurrentPages()
		check(len(pages) == 1 && pages[0].Get("route").String() == "pages/a/a", "pages after Launch: %v", pages)
		if len(pages) == 1 {
			data, ok := h.PageData(pages[0])
			check(ok && string(data) == `{"n":1,"name":"from /utils","x":"1"}`, "PageData = %s, %v", data, ok)
		}
		_, ok := h.PageData(rt.VM().NewObject())
		check(!ok, "PageData of a plain object is ok")
		_, ok = h.PageData(goja.Undefined())
		check(!ok, "PageData of undefined is ok")

		if err := h.Navigate("navigateTo", "/pages/b/b", 1); err != nil {
			check(false, "navigateTo b: %v", err)
			return
		}
		b := h.CurrentPages()[1]
		fn, _ := goja.AssertFunction(b.Get("crossPackage"))
		_, err := fn(b)
		check(err != nil && strings.Contains(err.Error(), "should not require ../../pkg/util.js in pages/b/b.js without a callback"),
			"a page requiring a subpackage: %v", err)
		v, err := rt.Require("tests/t.test.js")
		check(err == nil && v.String() == "pkg util", "a test requiring a subpackage: %v %v", v, err)

		check(h.Navigate("navigateBack", "", 1) == nil, "navigateBack failed")
		var ne *NavigationError
		err = h.Navigate("navigateBack", "", 1)
		check(errors.As(err, &ne) && ne.ErrMsg == "navigateBack:fail cannot navigate back at first page.", "navigateBack at the first page: %v", err)
		err = h.Navigate("redirectTo", "/pages/x/x", 1)
		check(errors.As(err, &ne) && ne.ErrMsg == `redirectTo:fail page "pages/x/x" is not found`, "redirectTo a missing page: %v", err)
		err = h.Navigate("goTo", "pages/b/b", 1)
		check(err != nil && strings.Contains(err.Error(), `"goTo" is not a navigation`), "an unknown navigation: %v", err)
	})
	if err := rt.RunLoop(testContext(t, 10*time.Second)); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, p := range problems {
		t.Error(p)
	}
	want := "launch pages/a/a 1\na show\nb load\nb unload\na show\na ready\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
