package inspect

import (
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// InternalPrefix starts the source names of host code (runtime.InternalSourcePrefix):
// its frames are left out of the stacks this package formats.
const InternalPrefix = "<wxrun>/"

// IsInternal reports whether a frame's source name is host code.
func IsInternal(srcName string) bool { return strings.HasPrefix(srcName, InternalPrefix) }

// CleanStack converts a goja stack trace to Node's layout: frames indented with four
// spaces instead of a tab, and goja's program-counter suffix ("file.js:3:9(12)") removed.
// Frames of host code (InternalPrefix) are left out.
func CleanStack(stack string) string {
	stack = strings.TrimRight(stack, "\n")
	if !strings.Contains(stack, "\tat ") {
		return stack
	}
	lines := strings.Split(stack, "\n")
	out := lines[:0]
	for _, line := range lines {
		if !strings.HasPrefix(line, "\tat ") {
			out = append(out, line)
			continue
		}
		frame := line[4:]
		if strings.HasPrefix(frame, InternalPrefix) || strings.Contains(frame, " ("+InternalPrefix) {
			continue
		}
		out = append(out, "    at "+stripPC(frame))
	}
	return strings.Join(out, "\n")
}

// stripPC removes goja's "(pc)" after "line:col" at the end of a frame description:
// "fn (a.js:3:9(12))" -> "fn (a.js:3:9)", "a.js:3:9(12)" -> "a.js:3:9".
func stripPC(frame string) string {
	s := frame
	closing := ""
	if strings.HasSuffix(s, "))") {
		s, closing = s[:len(s)-1], ")"
	}
	if !strings.HasSuffix(s, ")") {
		return frame
	}
	open := strings.LastIndexByte(s, '(')
	if open < 0 || open == len(s)-2 {
		return frame
	}
	for _, ch := range s[open+1 : len(s)-1] {
		if ch < '0' || ch > '9' {
			return frame
		}
	}
	// The pc must follow "line:col".
	loc := s[:open]
	colon := strings.LastIndexByte(loc, ':')
	if colon < 0 || colon == len(loc)-1 || !allDigits(loc[colon+1:]) {
		return frame
	}
	return loc + closing
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// FrameString formats a stack frame like Node: "fn (file:line:col)", "file:line:col" for
// anonymous code, "fn (native)" for built-ins.
func FrameString(f *goja.StackFrame) string {
	if f.SrcName() == "<native>" {
		name := f.FuncName()
		if name == "" || name == "<native>" {
			return "native"
		}
		return name + " (native)"
	}
	p := f.Position()
	file := p.Filename
	if file == "" {
		file = f.SrcName()
	}
	if file == "" {
		file = "<eval>"
	}
	loc := file + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
	if name := f.FuncName(); name != "" && name != "<anonymous>" {
		return name + " (" + loc + ")"
	}
	return loc
}
