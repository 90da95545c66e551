package apphost

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// TestREADMEHostAPITable keeps the README's table of the wx members the project host adds
// equal to what Install adds on top of wxapi.Install.
func TestREADMEHostAPITable(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not found")
	}
	_, section, ok := strings.Cut(string(data), "## Mini program projects: pages and lifecycles")
	if !ok {
		t.Fatal("README has no section \"Mini program projects: pages and lifecycles\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `wx\\.([A-Za-z0-9_]+)` \\|").FindAllStringSubmatch(section, -1) {
		rows[m[1]] = true
	}
	rt, err := runtime.New(runtime.WithRoot(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	api, err := wxapi.Install(rt)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]bool{}
	for _, k := range api.WX().GetOwnPropertyNames() {
		before[k] = true
	}
	if _, err := Install(rt, api); err != nil {
		t.Fatal(err)
	}
	var added []string
	for _, k := range api.WX().GetOwnPropertyNames() {
		if !before[k] {
			added = append(added, k)
		}
	}
	sort.Strings(added)
	for _, name := range added {
		if !rows[name] {
			t.Errorf("README's table of the project host's wx functions has no row for wx.%s", name)
		}
		delete(rows, name)
	}
	for name := range rows {
		t.Errorf("README's table lists wx.%s, which apphost.Install does not add", name)
	}
}
