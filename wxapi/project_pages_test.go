package wxapi

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

// What app.json says about pages reaches the Project for the project host: pages,
// subPackages and the older subpackages spelling (both kept, in that order),
// entryPagePath, the tabBar's pages and lazyCodeLoading.
func TestLoadProjectPages(t *testing.T) {
	fsys := fstest.MapFS{
		"app.json": {Data: []byte(`{
			"pages": ["pages/index/index", "pages/tab/tab"],
			"entryPagePath": "pages/tab/tab",
			"subPackages": [{"root": "packageA", "name": "a", "pages": ["cat/cat"]}],
			"subpackages": [{"root": "packageB/", "pages": ["dog/dog"], "independent": true}],
			"tabBar": {"list": [{"pagePath": "pages/index/index", "text": "home"}, {"pagePath": "pages/tab/tab"}]},
			"lazyCodeLoading": "requiredComponents"
		}`)},
	}
	p, err := LoadProjectFS(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	want := &Project{
		Pages:           []string{"pages/index/index", "pages/tab/tab"},
		EntryPagePath:   "pages/tab/tab",
		SubPackages:     []SubPackage{{Root: "packageA", Name: "a", Pages: []string{"cat/cat"}}, {Root: "packageB/", Pages: []string{"dog/dog"}, Independent: true}},
		TabBar:          []string{"pages/index/index", "pages/tab/tab"},
		LazyCodeLoading: "requiredComponents",
	}
	got := &Project{Pages: p.Pages, EntryPagePath: p.EntryPagePath, SubPackages: p.SubPackages, TabBar: p.TabBar, LazyCodeLoading: p.LazyCodeLoading}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	// A field of the wrong type is a ConfigError with its position.
	_, err = LoadProjectFS(fstest.MapFS{"app.json": {Data: []byte("{\n  \"pages\": \"pages/index/index\"\n}")}}, ".")
	if err == nil || !strings.Contains(err.Error(), "app.json:2:") || !strings.Contains(err.Error(), "pages") {
		t.Errorf("pages as a string: %v", err)
	}
}
