package runtime

import (
	"io/fs"
	"strings"

	"github.com/dop251/goja"
)

// Where reports where an uncaught exception was thrown: the innermost script frame's
// file (a module name, relative to the root), line and column, and the text of that line
// when the file can be read ("" for code run with RunString, or a file that changed).
type Where struct {
	File         string
	Line, Column int
	Text         string
}

// RewriteErrors registers f to rewrite the first line of reported exceptions — what
// JSError.Message holds, such as "TypeError: Object has no member 'getFooBar'" — before
// they are printed and passed to the error hooks. f returns the new message, or "" to
// keep it. A host uses it to explain errors its API causes in terms the script's author
// knows (wxapi: a call of a wx API that wxrun does not implement). The thrown value
// itself, which the script may have caught and read, is not changed: only uncaught
// errors are rewritten. Loop goroutine only; f runs on the loop goroutine.
func (r *Runtime) RewriteErrors(f func(message string, at Where) string) {
	r.rewriters = append(r.rewriters, f)
}

// rewrite applies the rewriters to jsErr, thrown at the first frame of stack.
func (r *Runtime) rewrite(jsErr *JSError, stack []goja.StackFrame) {
	if len(r.rewriters) == 0 {
		return
	}
	var at Where
	for _, f := range stack {
		if p := f.Position(); p.Line > 0 {
			at = Where{File: p.Filename, Line: p.Line, Column: p.Column}
			at.Text = r.sourceLine(p.Filename, p.Line)
			break
		}
	}
	for _, f := range r.rewriters {
		if msg := f(jsErr.Message, at); msg != "" {
			jsErr.Message = msg
		}
	}
}

// sourceLine reads line n (1-based) of the module file name, "" if it cannot.
func (r *Runtime) sourceLine(name string, n int) string {
	if r.modules == nil || name == "" || !fs.ValidPath(name) {
		return ""
	}
	data, err := fs.ReadFile(r.modules.fsys, name)
	if err != nil {
		return ""
	}
	lines := strings.Split(string(data), "\n")
	if n > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[n-1], "\r")
}
