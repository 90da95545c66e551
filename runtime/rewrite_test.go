package runtime

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// RewriteErrors sees the message and where it was thrown, with the source line when the
// file can be read, and changes what is printed and what the hooks get.
func TestRewriteErrors(t *testing.T) {
	dir := t.TempDir()
	src := "var o = {};\n\nsetTimeout(function () {\n  o.missing();\n}, 0);\n"
	if err := os.WriteFile(filepath.Join(dir, "app.js"), []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	r, _, stderr := newTestRuntime(t, WithRoot(dir))
	var seen []Where
	r.RewriteErrors(func(msg string, at Where) string {
		seen = append(seen, at)
		if msg == "TypeError: Object has no member 'missing'" {
			return "TypeError: rewritten"
		}
		return ""
	})
	var hooked []string
	r.OnError(func(ev *ErrorEvent) { hooked = append(hooked, ev.Err.Message) })
	err := r.RunFile(context.Background(), "app.js")
	var ue *UncaughtErrors
	if !errors.As(err, &ue) || ue.Errors[0].Message != "TypeError: rewritten" {
		t.Fatalf("run: %v", err)
	}
	if !strings.HasPrefix(stderr.String(), "Uncaught TypeError: rewritten\n    at app.js:4:") {
		t.Errorf("printed %q", stderr.String())
	}
	if len(hooked) != 1 || hooked[0] != "TypeError: rewritten" {
		t.Errorf("hooks got %q", hooked)
	}
	if len(seen) != 1 || seen[0].File != "app.js" || seen[0].Line != 4 || seen[0].Text != "  o.missing();" {
		t.Errorf("where: %+v", seen)
	}

	// Code run from a string has no source line to show; other errors are left alone.
	r2, _, _ := newTestRuntime(t)
	seen = nil
	r2.RewriteErrors(func(msg string, at Where) string {
		seen = append(seen, at)
		return ""
	})
	err = r2.RunString(context.Background(), "inline.js", "throw new Error('kept')")
	if !errors.As(err, &ue) || ue.Errors[0].Message != "Error: kept" {
		t.Fatalf("inline: %v", err)
	}
	if len(seen) != 1 || seen[0].Text != "" || seen[0].Line != 1 {
		t.Errorf("inline where: %+v", seen)
	}
}
