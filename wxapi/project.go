package wxapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The files of a mini program project that LoadProject reads.
const (
	// ProjectConfigFile is the WeChat DevTools project file: appid, miniprogramRoot, setting.
	ProjectConfigFile = "project.config.json"
	// PrivateConfigFile holds a developer's local overrides of ProjectConfigFile's setting.
	PrivateConfigFile = "project.private.config.json"
	// AppConfigFile is the global configuration of the mini program, in its root.
	AppConfigFile = "app.json"
)

// Project is what wxrun uses of a mini program project's configuration files. It is plain
// data: LoadProject fills it in, Options turns it into wx API options, and callers may
// adjust it in between.
type Project struct {
	// Dir is the absolute project directory: the folder holding project.config.json, or
	// holding app.json when there is no project.config.json.
	Dir string
	// Root is the absolute mini program root, where app.json and app.js live: Dir joined
	// with project.config.json's miniprogramRoot, or Dir itself when that is unset.
	Root string
	// AppID is project.config.json's appid ("" when unset).
	AppID string
	// URLCheck is setting.urlCheck, from project.private.config.json if it sets it, else
	// from project.config.json; nil when neither does.
	URLCheck *bool
	// ConnectTimeout is app.json's networkTimeout.connectSocket; 0 when unset or not
	// positive (the wx API then uses DefaultConnectTimeout).
	ConnectTimeout time.Duration
	// Files lists the configuration files that were found and read, in the order read.
	Files []string
}

// ConfigError reports a configuration file that cannot be used: malformed JSON, a field
// of the wrong type, or a bad value. Line and Column are 1-based; 0 when not known.
type ConfigError struct {
	File   string // the path as it was opened
	Line   int
	Column int
	Err    error
}

func (e *ConfigError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// ErrNotProject is returned (wrapped) by LoadProject for a directory that holds neither
// project.config.json nor app.json.
var ErrNotProject = errors.New("not a mini program project (no " + ProjectConfigFile + " or " + AppConfigFile + ")")

// projectJSON is the part of project.config.json (and project.private.config.json)
// that wxrun reads. Pointers tell "unset" from zero values.
type projectJSON struct {
	AppID           *string `json:"appid"`
	MiniprogramRoot *string `json:"miniprogramRoot"`
	Setting         *struct {
		URLCheck *bool `json:"urlCheck"`
	} `json:"setting"`
}

// appJSON is the part of app.json that wxrun reads.
type appJSON struct {
	NetworkTimeout *struct {
		ConnectSocket *float64 `json:"connectSocket"`
	} `json:"networkTimeout"`
}

// LoadProject reads the project in dir: project.config.json (appid, miniprogramRoot,
// setting.urlCheck), project.private.config.json (whose setting overrides the former's,
// field by field, as in WeChat DevTools) and app.json in the mini program root
// (networkTimeout.connectSocket, in milliseconds). Every file is optional, but dir must
// hold project.config.json or app.json; otherwise the error wraps ErrNotProject.
//
// Unknown fields are ignored. Malformed JSON, a field of the wrong type or a
// miniprogramRoot that is not a directory inside dir is reported as a *ConfigError naming
// the file, line and column.
func LoadProject(dir string) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	p := &Project{Dir: abs, Root: abs}

	var pc projectJSON
	hasProject, err := readProjectJSON(filepath.Join(dir, ProjectConfigFile), &pc)
	if err != nil {
		return nil, err
	}
	if hasProject {
		p.Files = append(p.Files, filepath.Join(abs, ProjectConfigFile))
		if pc.AppID != nil {
			p.AppID = strings.TrimSpace(*pc.AppID)
		}
		if pc.Setting != nil && pc.Setting.URLCheck != nil {
			v := *pc.Setting.URLCheck
			p.URLCheck = &v
		}
		if pc.MiniprogramRoot != nil && strings.TrimSpace(*pc.MiniprogramRoot) != "" {
			root, err := resolveMiniprogramRoot(abs, *pc.MiniprogramRoot)
			if err != nil {
				return nil, &ConfigError{File: filepath.Join(dir, ProjectConfigFile), Err: err}
			}
			p.Root = root
		}

		var private projectJSON
		hasPrivate, err := readProjectJSON(filepath.Join(dir, PrivateConfigFile), &private)
		if err != nil {
			return nil, err
		}
		if hasPrivate {
			p.Files = append(p.Files, filepath.Join(abs, PrivateConfigFile))
			if private.Setting != nil && private.Setting.URLCheck != nil {
				v := *private.Setting.URLCheck
				p.URLCheck = &v
			}
		}
	}

	var ac appJSON
	appFile := filepath.Join(p.Root, AppConfigFile)
	if p.Root == abs {
		appFile = filepath.Join(dir, AppConfigFile) // keep the caller's spelling in errors
	}
	hasApp, err := readProjectJSON(appFile, &ac)
	if err != nil {
		return nil, err
	}
	if hasApp {
		p.Files = append(p.Files, filepath.Join(p.Root, AppConfigFile))
		if ac.NetworkTimeout != nil && ac.NetworkTimeout.ConnectSocket != nil {
			if ms := *ac.NetworkTimeout.ConnectSocket; ms > 0 && ms < math.MaxInt64/float64(time.Millisecond) {
				p.ConnectTimeout = time.Duration(ms * float64(time.Millisecond))
			}
		}
	}

	if !hasProject && !hasApp {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotProject)
	}
	return p, nil
}

// miniprogramRoot resolves project.config.json's miniprogramRoot against the project dir.
func resolveMiniprogramRoot(dir, rel string) (string, error) {
	rel = strings.TrimSpace(rel)
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") {
		return "", fmt.Errorf("miniprogramRoot %q must be a path relative to the project directory", rel)
	}
	root := filepath.Join(dir, filepath.FromSlash(rel))
	if r, err := filepath.Rel(dir, root); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("miniprogramRoot %q is outside the project directory", rel)
	}
	st, err := os.Stat(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("miniprogramRoot %q: no such directory", rel)
		}
		return "", fmt.Errorf("miniprogramRoot %q: %w", rel, err)
	}
	if !st.IsDir() {
		return "", fmt.Errorf("miniprogramRoot %q is not a directory", rel)
	}
	return root, nil
}

// readProjectJSON decodes the JSON file at path into v. It reports false, and no error, when
// the file does not exist.
func readProjectJSON(path string, v any) (bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // editors on Windows like to add a BOM
	if err := json.Unmarshal(data, v); err != nil {
		return true, projectJSONError(path, data, err)
	}
	return true, nil
}

// projectJSONError turns an encoding/json error into a *ConfigError with a line and column.
func projectJSONError(path string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := jsonPosition(data, syn.Offset)
		msg := syn.Error()
		if syn.Offset >= int64(len(data)) {
			msg = "unexpected end of JSON input"
		}
		return &ConfigError{File: path, Line: line, Column: col, Err: errors.New(msg)}
	case errors.As(err, &typ):
		line, col := jsonPosition(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "top level"
		}
		return &ConfigError{File: path, Line: line, Column: col,
			Err: fmt.Errorf("%s: expected %s, found a JSON %s", field, projectJSONType(typ.Type.Kind().String()), typ.Value)}
	}
	return &ConfigError{File: path, Err: err}
}

func projectJSONType(kind string) string {
	switch kind {
	case "bool":
		return "a boolean"
	case "string":
		return "a string"
	case "float64", "int", "int64":
		return "a number"
	case "struct", "map":
		return "an object"
	}
	return kind
}

// position converts the byte offset reported by encoding/json (the number of bytes read
// when the error was found) into the 1-based line and column of the offending byte.
func jsonPosition(data []byte, offset int64) (line, col int) {
	if offset > 0 {
		offset-- // the offending byte is the last one read
	}
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	line, col = 1, 1
	for _, b := range data[:offset] {
		if b == '\n' {
			line++
			col = 1
		} else if b&0xC0 != 0x80 { // count runes, not UTF-8 continuation bytes
			col++
		}
	}
	return line, col
}

// FindProject walks up from start (a directory, or a file whose directory is used) to
// the nearest folder holding project.config.json or app.json and returns it.
//
// When the nearest such folder holds only app.json, it may be the miniprogramRoot of a
// project further up (project.config.json with "miniprogramRoot": "miniprogram/"); the
// folder of that project.config.json is returned instead, so that its appid and settings
// apply. ok is false when no folder up to the file system root qualifies.
func FindProject(start string) (dir string, ok bool) {
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", false
	}
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		abs = filepath.Dir(abs)
	}
	for d := abs; ; {
		if isRegularFile(filepath.Join(d, ProjectConfigFile)) {
			return d, true
		}
		if isRegularFile(filepath.Join(d, AppConfigFile)) {
			if owner, ok := projectOwning(d); ok {
				return owner, true
			}
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

// projectOwning looks above root for a project.config.json whose miniprogramRoot is root.
func projectOwning(root string) (string, bool) {
	for d := filepath.Dir(root); ; {
		if data, err := os.ReadFile(filepath.Join(d, ProjectConfigFile)); err == nil {
			var pc projectJSON
			if json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &pc) == nil && pc.MiniprogramRoot != nil {
				if r, err := resolveMiniprogramRoot(d, *pc.MiniprogramRoot); err == nil && sameDirectory(r, root) {
					return d, true
				}
			}
			return "", false // the nearest project.config.json above does not claim root
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

func isRegularFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

func sameDirectory(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// Options turns the project's settings into wx API options: WithAppID, WithURLCheck when
// setting.urlCheck is set, and WithConnectTimeout when app.json sets
// networkTimeout.connectSocket. Options given after these (on the command line, say)
// override them.
func (p *Project) Options() []Option {
	var opts []Option
	if p.AppID != "" {
		opts = append(opts, WithAppID(p.AppID))
	}
	if p.URLCheck != nil {
		opts = append(opts, WithURLCheck(*p.URLCheck))
	}
	if p.ConnectTimeout > 0 {
		opts = append(opts, WithConnectTimeout(p.ConnectTimeout))
	}
	return opts
}
