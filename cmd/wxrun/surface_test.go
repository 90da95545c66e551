package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The storage of a project outlives the run: the next run of the same project finds it in
// --data-dir (or the user's cache directory), and --fresh-storage starts from nothing.
func TestStorageFlags(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--data-dir", dir}, "runs before: 0\n"},
		{[]string{"--data-dir", dir}, "runs before: 1\n"},
		{[]string{"--data-dir=" + dir}, "runs before: 2\n"},
		{[]string{"--data-dir", dir, "--fresh-storage"}, "runs before: 0\n"},
		{[]string{"--data-dir", dir}, "runs before: 1\n"},
		{nil, "runs before: 0\n"}, // the default directory is another one
		{nil, "runs before: 1\n"},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"testdata/storage/count.js"}, tc.args...)...)
		if code != 0 || stdout != tc.want {
			t.Fatalf("run %d %v: exit %d, stdout %q, want %q\n%s", i, tc.args, code, stdout, tc.want, stderr)
		}
	}
	// No project here: the appid is the DevTools' tourist appid.
	if _, err := os.Stat(filepath.Join(dir, "storage", "touristappid.db")); err != nil {
		t.Fatal(err)
	}
	cache := os.Getenv("XDG_CACHE_HOME")
	if _, err := os.Stat(filepath.Join(cache, "wxrun", "storage", "touristappid.db")); err != nil {
		t.Fatalf("default data directory: %v", err)
	}
}

func TestStorageFlagErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "testdata/storage/count.js", "--data-dir", file)
	if code != 1 {
		t.Fatalf("exit %d with a file as --data-dir\n%s", code, stderr)
	}
	if want := "storage " + filepath.Join(file, "storage", "touristappid.db"); !strings.Contains(stderr, want) {
		t.Fatalf("stderr %q does not name %s", stderr, want)
	}
}

func TestDeviceFlag(t *testing.T) {
	custom := filepath.Join(t.TempDir(), "mi9.json")
	if err := os.WriteFile(custom, []byte(`{"base": "android", "device": {"model": "MI 9"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "devtools iPhone 12/13 (Pro)\n"},
		{[]string{"--device", "iphone-15"}, "ios iPhone 15<iPhone15,4>\n"},
		{[]string{"--device=android"}, "android Pixel 7\n"},
		{[]string{"--device", custom}, "android MI 9\n"},
	} {
		code, stdout, stderr := runCLI(t, append([]string{"testdata/storage/device.js"}, tc.args...)...)
		if code != 0 || stdout != tc.want {
			t.Errorf("%v: exit %d, stdout %q, want %q\n%s", tc.args, code, stdout, tc.want, stderr)
		}
	}
	code, _, stderr := runCLI(t, "testdata/storage/device.js", "--device", "nokia")
	if code != 2 || !strings.Contains(stderr, `wxrun: --device: no device profile "nokia" (built in: android, devtools, iphone-15)`) {
		t.Errorf("unknown device: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCLI(t, "testdata/storage/device.js", "--device", filepath.Join(t.TempDir(), "none.json"))
	if code != 2 || !strings.Contains(stderr, "none.json") {
		t.Errorf("missing file: exit %d\n%s", code, stderr)
	}
}

func TestVerboseAndModalFlags(t *testing.T) {
	code, stdout, stderr := runCLI(t, "testdata/storage/ui.js")
	if code != 0 || stdout != "confirm true\n" || stderr != "" {
		t.Errorf("default: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "testdata/storage/ui.js", "--verbose", "--modal", "cancel")
	wantErr := `wxrun: wx.showToast({"title":"Offline","icon":"none","image":"","duration":1500,"mask":false}) → showToast:ok` + "\n" +
		`wxrun: wx.showModal({"title":"Reconnect?","content":"","showCancel":true,"cancelText":"取消","cancelColor":"#000000","confirmText":"确定","confirmColor":"#576B95","editable":false,"placeholderText":""}) → showModal:ok (cancel)` + "\n"
	if code != 0 || stdout != "confirm false\n" || stderr != wantErr {
		t.Errorf("--verbose --modal cancel: exit %d, stdout %q, stderr\n%s\nwant\n%s", code, stdout, stderr, wantErr)
	}
	if code, _, stderr := runCLI(t, "testdata/storage/ui.js", "--modal", "maybe"); code != 2 || !strings.Contains(stderr, "want confirm or cancel") {
		t.Errorf("--modal maybe: exit %d\n%s", code, stderr)
	}
}
