package overlayfs

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

var base = fstest.MapFS{
	"app.js":           {Data: []byte("require('./config')\n")},
	"config.js":        {Data: []byte("module.exports = { url: 'ws://127.0.0.1:8080' }\n")},
	"utils/util.js":    {Data: []byte("exports.x = 1\n")},
	"utils/link.js":    {Data: []byte("util.js"), Mode: fs.ModeSymlink},
	"pages/index/a.js": {Data: []byte("exports.a = 1\n")},
}

const generated = "module.exports = { url: 'ws://127.0.0.1:40000/chat' }\n"

func newOverlay(t *testing.T) *FS {
	t.Helper()
	o, err := New(base, map[string][]byte{
		"config.js":          []byte(generated),         // replaced
		"utils/extra.js":     []byte("exports.e = 1\n"), // added
		"pages/index/new.js": []byte(""),                // added, empty
	})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// The overlay is a well-formed fs.FS: listings, Open, Stat, ReadFile, ReadDir and links
// agree with each other, as fstest.TestFS checks.
func TestFSIsConsistent(t *testing.T) {
	if err := fstest.TestFS(newOverlay(t), "app.js", "config.js", "utils/util.js", "utils/extra.js", "utils/link.js", "pages/index/a.js", "pages/index/new.js"); err != nil {
		t.Fatal(err)
	}
}

func TestFSServesOverlaidFilesAndTheBaseForTheRest(t *testing.T) {
	o := newOverlay(t)
	for name, want := range map[string]string{
		"config.js":      generated,
		"utils/extra.js": "exports.e = 1\n",
		"app.js":         "require('./config')\n",
		"utils/link.js":  "exports.x = 1\n", // a base link, followed in the base
	} {
		got, err := fs.ReadFile(o, name)
		if err != nil || string(got) != want {
			t.Errorf("ReadFile(%s) = %q, %v; want %q", name, got, err, want)
		}
	}
	if string(base["config.js"].Data) == generated {
		t.Error("the base file was changed")
	}
	entries, err := fs.ReadDir(o, "utils")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "extra.js link.js util.js" {
		t.Errorf("ReadDir(utils) = %s", got)
	}
	// Links of the base stay visible, so the module system can name files by their targets.
	if target, err := fs.ReadLink(o, "utils/link.js"); err != nil || target != "util.js" {
		t.Errorf("ReadLink(utils/link.js) = %q, %v", target, err)
	}
	if _, err := fs.ReadLink(o, "config.js"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("ReadLink of an overlaid file = %v, want fs.ErrInvalid", err)
	}
	if fi, err := fs.Lstat(o, "config.js"); err != nil || fi.Mode() != 0o444 || fi.Size() != int64(len(generated)) {
		t.Errorf("Lstat(config.js) = %v, %v", fi, err)
	}
}

func TestNewRefusesWhatItCannotOverlay(t *testing.T) {
	for name, want := range map[string]string{
		"../x.js":     "not a valid file name",
		"/x.js":       "not a valid file name",
		".":           "not a valid file name",
		"nodir/x.js":  "the directory nodir does not exist",
		"utils":       "utils is a directory",
		"app.js/x.js": "the directory app.js does not exist",
	} {
		if _, err := New(base, map[string][]byte{name: nil}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New with %q: %v, want an error containing %q", name, err, want)
		}
	}
}

func TestNewCopiesTheContents(t *testing.T) {
	data := []byte("one")
	o, err := New(base, map[string][]byte{"config.js": data})
	if err != nil {
		t.Fatal(err)
	}
	copy(data, "two")
	if got, _ := fs.ReadFile(o, "config.js"); string(got) != "one" {
		t.Errorf("content changed with the caller's slice: %q", got)
	}
}
