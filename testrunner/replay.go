package testrunner

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/wxrun/wxrun/replay"
	"github.com/wxrun/wxrun/wxapi"
)

// replayPragma is how a test file asks to run against a recording: a line in one of the
// comments at its top, before any code, like jest's @jest-environment docblock,
//
//	/** @wxrun-replay recordings/login.jsonl */
//
// the trace file's path relative to the test file. The file's sockets and wx.request
// calls are then served from the recording (package replay) with no network, and a
// divergence from it fails the file.
var replayPragma = regexp.MustCompile(`@wxrun-replay[ \t]+(\S+)`)

// leadingComments returns the comments at the start of src, before any code.
func leadingComments(src string) string {
	var b strings.Builder
	rest := src
	for {
		rest = strings.TrimLeft(rest, " \t\r\n\ufeff")
		switch {
		case strings.HasPrefix(rest, "//"):
			end := strings.IndexByte(rest, '\n')
			if end < 0 {
				end = len(rest)
			}
			b.WriteString(rest[:end] + "\n")
			rest = rest[end:]
		case strings.HasPrefix(rest, "/*"):
			end := strings.Index(rest, "*/")
			if end < 0 {
				return b.String()
			}
			b.WriteString(rest[:end+2] + "\n")
			rest = rest[end+2:]
		default:
			return b.String()
		}
	}
}

// replayFor returns what a test file p (root-relative) needs to run against the recording
// its pragma names: the wx option carrying its network, and finish, to call once the
// file's runtime is closed, which fails the file with each divergence. Without a pragma
// it returns nothing and a finish that does nothing.
func (r *run) replayFor(p string) ([]wxapi.Option, func(*FileResult), error) {
	nothing := func(*FileResult) {}
	src, err := os.ReadFile(filepath.Join(r.cfg.RootDir, filepath.FromSlash(p)))
	if err != nil {
		return nil, nothing, nil // the run reports the unreadable file itself
	}
	m := replayPragma.FindStringSubmatch(leadingComments(string(src)))
	if m == nil {
		return nil, nothing, nil
	}
	file := filepath.Join(r.cfg.RootDir, filepath.FromSlash(path.Dir(p)), filepath.FromSlash(m[1]))
	rec, err := replay.LoadNamed(file, p)
	if err != nil {
		return nil, nothing, err
	}
	s := rec.NewSession(replay.Options{})
	finish := func(res *FileResult) {
		for _, d := range s.Close() {
			res.Errors = append(res.Errors, Failure{Message: "the run diverged from the recording " + m[1] + ": " + d.String()})
		}
	}
	return []wxapi.Option{wxapi.WithTransport(s)}, finish, nil
}
