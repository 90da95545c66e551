package apphost

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
)

// The project host traces App and page lifecycle calls, with the launch options and the
// page query, and every setData that reaches the view, as the JSON of its changes.
func TestTraceLifecycles(t *testing.T) {
	var rec trace.Recorder
	h, out := openFiles(t, map[string]string{
		"app.json": `{"pages": ["pages/a/a", "pages/b/b"]}`,
		"app.js":   `App({ onLaunch() {} })`,
		"pages/a/a.js": `Page({
			data: { n: 0 },
			onLoad() { this.setData({ n: 1, 'list[1]': 'x' }) },
			onReady() { wx.navigateTo({ url: '/pages/b/b?id=7' }) },
		})`,
		"pages/b/b.js": `Component({
			properties: { id: Number },
			methods: { onShow() { this.setData({ seen: true }) }, onUnload() { this.setData({ gone: true }) } },
		})`,
	}, WithEntryPage("pages/a/a?from=test"), WithRuntime(runtime.WithTracer(trace.New(time.Now(), &rec))))
	if err := h.Run(testContext(t, 10*time.Second)); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if err := h.Exit(context.Background()); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	type step struct {
		Type        trace.Type
		ID          int64
		Name, URL   string
		Query, Data any
	}
	var got []step
	for _, e := range rec.Events(trace.App, trace.Page, trace.SetData) {
		s := step{Type: e.Type, ID: e.ID, Name: e.Name, URL: e.URL}
		if e.Query != nil {
			s.Query = e.Query
		}
		if e.Type == trace.SetData {
			s.Data = e.Text
		}
		got = append(got, s)
	}
	q := map[string]string{"from": "test"}
	want := []step{
		{Type: trace.App, Name: "onLaunch", URL: "pages/a/a", Query: q},
		{Type: trace.App, Name: "onShow", URL: "pages/a/a", Query: q},
		{Type: trace.Page, ID: 1, Name: "onLoad", URL: "pages/a/a", Query: q},
		{Type: trace.SetData, ID: 1, URL: "pages/a/a", Data: `{"n":1,"list[1]":"x"}`},
		{Type: trace.Page, ID: 1, Name: "onShow", URL: "pages/a/a"},
		{Type: trace.Page, ID: 1, Name: "onReady", URL: "pages/a/a"},
		{Type: trace.Page, ID: 1, Name: "onHide", URL: "pages/a/a"},
		{Type: trace.Page, ID: 2, Name: "onLoad", URL: "pages/b/b", Query: map[string]string{"id": "7"}},
		{Type: trace.Page, ID: 2, Name: "onShow", URL: "pages/b/b"},
		{Type: trace.SetData, ID: 2, URL: "pages/b/b", Data: `{"seen":true}`},
		{Type: trace.Page, ID: 2, Name: "onReady", URL: "pages/b/b"},
		{Type: trace.Page, ID: 2, Name: "onHide", URL: "pages/b/b"},
		{Type: trace.App, Name: "onHide"},
		{Type: trace.Page, ID: 2, Name: "onUnload", URL: "pages/b/b"},
		{Type: trace.SetData, ID: 2, URL: "pages/b/b", Data: `{"gone":true}`}, // during onUnload, the view still has it
		{Type: trace.Page, ID: 1, Name: "onUnload", URL: "pages/a/a"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events\n got %+v\nwant %+v", got, want)
	}
}
