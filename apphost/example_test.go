package apphost_test

import (
	"context"
	"fmt"
	"os"
	"testing/fstest"

	"github.com/wxrun/wxrun/apphost"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// A project runs, is torn down, and its pages' final data is read — here from an
// fstest.MapFS; wxapi.LoadProject(dir) reads one from a directory.
func Example() {
	fsys := fstest.MapFS{
		"app.json": {Data: []byte(`{"pages": ["pages/index/index"]}`)},
		"app.js":   {Data: []byte(`App({ onLaunch(o) { console.log("launched on " + o.path) } })`)},
		"pages/index/index.js": {Data: []byte(`Page({
			data: { greeting: "" },
			onLoad(query) { this.setData({ greeting: "hello, " + query.name }) },
			onUnload() { console.log("unloaded") }
		})`)},
	}
	p, err := wxapi.LoadProjectFS(fsys, ".")
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := apphost.Open(p,
		apphost.WithEntryPage("pages/index/index?name=wxrun"),
		apphost.WithRuntime(runtime.WithStdout(os.Stdout)))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer h.Close()
	if err := h.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	if err := h.Exit(context.Background()); err != nil {
		fmt.Println(err)
	}
	for _, page := range h.FinalPages() {
		fmt.Println(page.Route, page.Query, string(page.Data))
	}
	// Output:
	// launched on pages/index/index
	// unloaded
	// pages/index/index map[name:wxrun] {"greeting":"hello, wxrun"}
}
