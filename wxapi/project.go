package wxapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path"
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
	// FS is the file system the project was loaded from by LoadProjectFS; nil for
	// LoadProject, whose paths are the operating system's.
	FS fs.FS
	// Dir is the project directory: the folder holding project.config.json, or holding
	// app.json when there is no project.config.json. An absolute path (LoadProject), or a
	// slash path in FS (LoadProjectFS).
	Dir string
	// Root is the mini program root, where app.json and app.js live: Dir joined with
	// project.config.json's miniprogramRoot, or Dir itself when that is unset. An absolute
	// path (LoadProject; run it with runtime.WithRoot(p.Root)), or a slash path in FS
	// (LoadProjectFS; run it with runtime.WithFS(sub), sub from fs.Sub(p.FS, p.Root)).
	Root string
	// AppID is project.config.json's appid ("" when unset).
	AppID string
	// URLCheck is setting.urlCheck, from project.private.config.json if it sets it, else
	// from project.config.json; nil when neither does.
	URLCheck *bool
	// ConnectTimeout is app.json's networkTimeout.connectSocket; 0 when unset or not
	// positive (the wx API then uses DefaultConnectTimeout).
	ConnectTimeout time.Duration
	// RequestTimeout is app.json's networkTimeout.request; 0 when unset or not positive
	// (wx.request then uses DefaultRequestTimeout).
	RequestTimeout time.Duration
	// DownloadTimeout and UploadTimeout are app.json's networkTimeout.downloadFile and
	// networkTimeout.uploadFile; 0 when unset or not positive (60 s then).
	DownloadTimeout, UploadTimeout time.Duration

	// What app.json says about pages, for the project host (package apphost), which
	// checks it when it runs the project.

	// Pages is app.json's pages: the routes of the main package's pages
	// ("pages/index/index"), the first being the entry page unless EntryPagePath is set.
	Pages []string
	// SubPackages is app.json's subPackages (or subpackages, the older spelling).
	SubPackages []SubPackage
	// EntryPagePath is app.json's entryPagePath ("" when unset).
	EntryPagePath string
	// TabBar lists the pagePath of each tabBar.list item, in order.
	TabBar []string
	// LazyCodeLoading is app.json's lazyCodeLoading ("requiredComponents" or "").
	LazyCodeLoading string
	// Files lists the configuration files that were found and read, in the order read:
	// absolute paths, or slash paths in FS.
	Files []string
}

// SubPackage is one entry of app.json's subPackages.
type SubPackage struct {
	Root        string   // the folder of the subpackage, relative to the mini program root
	Name        string   // its name ("" when unset)
	Pages       []string // its pages, relative to Root
	Independent bool     // an independent subpackage, which runs without the main package
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
		Request       *float64 `json:"request"`
		DownloadFile  *float64 `json:"downloadFile"`
		UploadFile    *float64 `json:"uploadFile"`
	} `json:"networkTimeout"`

	Pages           []string         `json:"pages"`
	EntryPagePath   string           `json:"entryPagePath"`
	SubPackages     []subPackageJSON `json:"subPackages"`
	Subpackages     []subPackageJSON `json:"subpackages"`
	LazyCodeLoading string           `json:"lazyCodeLoading"`
	TabBar          *struct {
		List []struct {
			PagePath string `json:"pagePath"`
		} `json:"list"`
	} `json:"tabBar"`
}

type subPackageJSON struct {
	Root        string   `json:"root"`
	Name        string   `json:"name"`
	Pages       []string `json:"pages"`
	Independent bool     `json:"independent"`
}

// LoadProject reads the project in dir: project.config.json (appid, miniprogramRoot,
// setting.urlCheck), project.private.config.json (whose setting overrides the former's,
// field by field, as in WeChat DevTools) and app.json in the mini program root
// (networkTimeout.connectSocket and networkTimeout.request, in milliseconds). Every file is optional, but dir must
// hold project.config.json or app.json; otherwise the error wraps ErrNotProject.
//
// Unknown fields are ignored. Malformed JSON, a field of the wrong type or a
// miniprogramRoot that is not a directory inside dir is reported as a *ConfigError naming
// the file (dir as given, joined with the file's path in the project), line and column.
func LoadProject(dir string) (*Project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	p, err := loadProject(os.DirFS(abs), ".", func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) })
	if errors.Is(err, ErrNotProject) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotProject)
	}
	if err != nil {
		return nil, err
	}
	p.Dir, p.Root = abs, filepath.Join(abs, filepath.FromSlash(p.Root))
	for i, f := range p.Files {
		p.Files[i] = filepath.Join(abs, filepath.FromSlash(f))
	}
	return p, nil
}

// LoadProjectFS is LoadProject for the project in the directory dir (a slash path; "." for
// the top) of fsys, such as an embed.FS or an fstest.MapFS. The Project's FS is fsys, and
// its Dir, Root and Files, and the file names in errors, are slash paths in fsys.
func LoadProjectFS(fsys fs.FS, dir string) (*Project, error) {
	if !fs.ValidPath(dir) {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: fs.ErrInvalid}
	}
	p, err := loadProject(fsys, dir, func(name string) string { return name })
	if errors.Is(err, ErrNotProject) {
		return nil, fmt.Errorf("%s: %w", dir, ErrNotProject)
	}
	if err != nil {
		return nil, err
	}
	p.FS = fsys
	return p, nil
}

// loadProject does the work of LoadProject and LoadProjectFS on the slash paths of fsys: the
// Project's Dir, Root and Files are such paths. show turns them into the names errors use.
// A directory that is not a project yields ErrNotProject itself, for the caller to wrap.
func loadProject(fsys fs.FS, dir string, show func(string) string) (*Project, error) {
	p := &Project{Dir: dir, Root: dir}

	var pc projectJSON
	configFile := path.Join(dir, ProjectConfigFile)
	hasProject, err := readProjectJSON(fsys, configFile, show, &pc)
	if err != nil {
		return nil, err
	}
	if hasProject {
		p.Files = append(p.Files, configFile)
		if pc.AppID != nil {
			p.AppID = strings.TrimSpace(*pc.AppID)
		}
		if pc.Setting != nil && pc.Setting.URLCheck != nil {
			v := *pc.Setting.URLCheck
			p.URLCheck = &v
		}
		if pc.MiniprogramRoot != nil && strings.TrimSpace(*pc.MiniprogramRoot) != "" {
			root, err := resolveMiniprogramRoot(fsys, dir, *pc.MiniprogramRoot)
			if err != nil {
				return nil, &ConfigError{File: show(configFile), Err: err}
			}
			p.Root = root
		}

		var private projectJSON
		privateFile := path.Join(dir, PrivateConfigFile)
		hasPrivate, err := readProjectJSON(fsys, privateFile, show, &private)
		if err != nil {
			return nil, err
		}
		if hasPrivate {
			p.Files = append(p.Files, privateFile)
			if private.Setting != nil && private.Setting.URLCheck != nil {
				v := *private.Setting.URLCheck
				p.URLCheck = &v
			}
		}
	}

	var ac appJSON
	appFile := path.Join(p.Root, AppConfigFile)
	hasApp, err := readProjectJSON(fsys, appFile, show, &ac)
	if err != nil {
		return nil, err
	}
	if hasApp {
		p.Files = append(p.Files, appFile)
		if nt := ac.NetworkTimeout; nt != nil {
			p.ConnectTimeout = appJSONTimeout(nt.ConnectSocket)
			p.RequestTimeout = appJSONTimeout(nt.Request)
			p.DownloadTimeout = appJSONTimeout(nt.DownloadFile)
			p.UploadTimeout = appJSONTimeout(nt.UploadFile)
		}
		p.Pages, p.EntryPagePath, p.LazyCodeLoading = ac.Pages, ac.EntryPagePath, ac.LazyCodeLoading
		for _, sp := range append(ac.SubPackages, ac.Subpackages...) {
			p.SubPackages = append(p.SubPackages, SubPackage(sp))
		}
		if ac.TabBar != nil {
			for _, item := range ac.TabBar.List {
				p.TabBar = append(p.TabBar, item.PagePath)
			}
		}
	}

	if !hasProject && !hasApp {
		return nil, ErrNotProject
	}
	return p, nil
}

// appJSONTimeout converts one of app.json's networkTimeout values (milliseconds): 0 when
// it is unset, not positive or past what a Duration holds.
func appJSONTimeout(ms *float64) time.Duration {
	if ms == nil || *ms <= 0 || *ms >= math.MaxInt64/float64(time.Millisecond) {
		return 0
	}
	return time.Duration(*ms * float64(time.Millisecond))
}

// resolveMiniprogramRoot resolves project.config.json's miniprogramRoot against the
// project directory dir of fsys, returning the root's slash path in fsys.
func resolveMiniprogramRoot(fsys fs.FS, dir, rel string) (string, error) {
	rel = strings.TrimSpace(rel)
	if path.IsAbs(rel) || filepath.IsAbs(rel) {
		return "", fmt.Errorf("miniprogramRoot %q must be a path relative to the project directory", rel)
	}
	clean := path.Clean(filepath.ToSlash(rel))
	if clean == ".." || strings.HasPrefix(clean, "../") {
		return "", fmt.Errorf("miniprogramRoot %q is outside the project directory", rel)
	}
	root := path.Join(dir, clean)
	st, err := fs.Stat(fsys, root)
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

// readProjectJSON decodes the JSON file name of fsys into v; errors name it show(name). It
// reports false, and no error, when the file does not exist.
func readProjectJSON(fsys fs.FS, name string, show func(string) string, v any) (bool, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, osPathError(err, show)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // editors on Windows like to add a BOM
	if err := json.Unmarshal(data, v); err != nil {
		return true, projectJSONError(show(name), data, err)
	}
	return true, nil
}

// osPathError renames the file in a *fs.PathError as show does, so that an unreadable
// file is reported with the path the caller knows.
func osPathError(err error, show func(string) string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: show(pe.Path), Err: pe.Err}
	}
	return err
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
				r, err := resolveMiniprogramRoot(os.DirFS(d), ".", *pc.MiniprogramRoot)
				if err == nil && sameDirectory(filepath.Join(d, filepath.FromSlash(r)), root) {
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
// setting.urlCheck is set, WithConnectTimeout when app.json sets
// networkTimeout.connectSocket, WithRequestTimeout when it sets networkTimeout.request, and
// WithDownloadTimeout and WithUploadTimeout for networkTimeout.downloadFile and uploadFile.
// Options given after these (on the command line, say)
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
	if p.RequestTimeout > 0 {
		opts = append(opts, WithRequestTimeout(p.RequestTimeout))
	}
	if p.DownloadTimeout > 0 {
		opts = append(opts, WithDownloadTimeout(p.DownloadTimeout))
	}
	if p.UploadTimeout > 0 {
		opts = append(opts, WithUploadTimeout(p.UploadTimeout))
	}
	return opts
}
