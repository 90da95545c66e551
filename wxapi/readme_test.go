package wxapi

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestREADMEAPITable keeps the README's table of implemented wx APIs equal to what
// Install defines: a row for every member of wx, and none for a member it lacks.
func TestREADMEAPITable(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip("README.md not found")
	}
	_, section, ok := strings.Cut(string(data), "## Implemented wx APIs")
	if !ok {
		t.Fatal("README has no section \"Implemented wx APIs\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	rows := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `wx\\.([A-Za-z0-9_]+)` \\|").FindAllStringSubmatch(section, -1) {
		rows[m[1]] = true
	}
	rt, _ := newRuntimeWithoutInstall(t)
	api, err := Install(rt)
	if err != nil {
		t.Fatal(err)
	}
	members := api.wx.GetOwnPropertyNames()
	sort.Strings(members)
	for _, name := range members {
		if !rows[name] {
			t.Errorf("README's table of implemented APIs has no row for wx.%s", name)
		}
		delete(rows, name)
	}
	for name := range rows {
		t.Errorf("README's table lists wx.%s, which Install does not define", name)
	}
}
