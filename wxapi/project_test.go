package wxapi

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// writeProjectFiles creates files (slash paths relative to dir) with the given contents.
func writeProjectFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func projectBool(b bool) *bool { return &b }

func TestLoadProject(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		root     string // expected Root, relative to the project dir
		appID    string
		urlCheck *bool
		timeout  time.Duration
		request  time.Duration
		nFiles   int
	}{
		{
			name:     "project.config.json only",
			files:    map[string]string{"project.config.json": `{"appid":"wx123","setting":{"urlCheck":true}}`},
			root:     ".",
			appID:    "wx123",
			nFiles:   1,
			urlCheck: projectBool(true),
		},
		{
			name:    "app.json only",
			files:   map[string]string{"app.json": `{"pages":["pages/index/index"],"networkTimeout":{"connectSocket":5000}}`},
			root:    ".",
			timeout: 5 * time.Second,
			nFiles:  1,
		},
		{
			name: "miniprogramRoot and app.json inside it",
			files: map[string]string{
				"project.config.json":    `{"appid":"wxabc","miniprogramRoot":"miniprogram/","setting":{"urlCheck":false}}`,
				"miniprogram/app.json":   `{"networkTimeout":{"request":1000,"connectSocket":1500}}`,
				"app.json":               `{"networkTimeout":{"connectSocket":99999}}`, // not in the root: ignored
				"miniprogram/pages/a.js": ``,
			},
			root:     "miniprogram",
			appID:    "wxabc",
			urlCheck: projectBool(false),
			timeout:  1500 * time.Millisecond,
			request:  time.Second,
			nFiles:   2,
		},
		{
			name: "private config overrides setting",
			files: map[string]string{
				"project.config.json":         `{"appid":"wx1","setting":{"urlCheck":true,"es6":true}}`,
				"project.private.config.json": `{"appid":"ignored","setting":{"urlCheck":false}}`,
			},
			root:     ".",
			appID:    "wx1",
			urlCheck: projectBool(false),
			nFiles:   2,
		},
		{
			name: "private config without urlCheck keeps the project's",
			files: map[string]string{
				"project.config.json":         `{"setting":{"urlCheck":true}}`,
				"project.private.config.json": `{"setting":{"minified":true}}`,
			},
			root:     ".",
			urlCheck: projectBool(true),
			nFiles:   2,
		},
		{
			name: "private config alone is not read",
			files: map[string]string{
				"app.json":                    `{}`,
				"project.private.config.json": `{"setting":{"urlCheck":true}}`,
			},
			root:   ".",
			nFiles: 1,
		},
		{
			name: "non-positive timeout is unset",
			files: map[string]string{
				"app.json": `{"networkTimeout":{"connectSocket":0}}`,
			},
			root:   ".",
			nFiles: 1,
		},
		{
			name:   "BOM and unknown fields",
			files:  map[string]string{"project.config.json": "\xef\xbb\xbf{\"appid\":\" wx9 \",\"compileType\":\"miniprogram\",\"libVersion\":\"3.0.0\"}"},
			root:   ".",
			appID:  "wx9",
			nFiles: 1,
		},
		{
			name:   "empty miniprogramRoot is the project dir",
			files:  map[string]string{"project.config.json": `{"miniprogramRoot":""}`},
			root:   ".",
			nFiles: 1,
		},
	}
	for _, tt := range tests {
		// Each project is loaded from disk with LoadProject and from memory, in a
		// subdirectory, with LoadProjectFS: the two must agree.
		t.Run(tt.name, func(t *testing.T) {
			check := func(p *Project, dir, root string) {
				t.Helper()
				if p.Root != root {
					t.Errorf("Root = %q, want %q", p.Root, root)
				}
				if p.Dir != dir {
					t.Errorf("Dir = %q, want %q", p.Dir, dir)
				}
				if p.AppID != tt.appID {
					t.Errorf("AppID = %q, want %q", p.AppID, tt.appID)
				}
				switch {
				case (p.URLCheck == nil) != (tt.urlCheck == nil):
					t.Errorf("URLCheck = %v, want %v", p.URLCheck, tt.urlCheck)
				case p.URLCheck != nil && *p.URLCheck != *tt.urlCheck:
					t.Errorf("URLCheck = %v, want %v", *p.URLCheck, *tt.urlCheck)
				}
				if p.ConnectTimeout != tt.timeout {
					t.Errorf("ConnectTimeout = %v, want %v", p.ConnectTimeout, tt.timeout)
				}
				if p.RequestTimeout != tt.request {
					t.Errorf("RequestTimeout = %v, want %v", p.RequestTimeout, tt.request)
				}
				if len(p.Files) != tt.nFiles {
					t.Errorf("Files = %q, want %d files", p.Files, tt.nFiles)
				}
			}
			dir := t.TempDir()
			writeProjectFiles(t, dir, tt.files)
			p, err := LoadProject(dir)
			if err != nil {
				t.Fatalf("LoadProject: %v", err)
			}
			check(p, dir, filepath.Join(dir, tt.root))
			if p.FS != nil {
				t.Error("LoadProject set FS")
			}

			mem := projectMapFS("proj", tt.files)
			p, err = LoadProjectFS(mem, "proj")
			if err != nil {
				t.Fatalf("LoadProjectFS: %v", err)
			}
			check(p, "proj", path.Join("proj", tt.root))
			if p.FS == nil {
				t.Error("LoadProjectFS left FS nil")
			}
			for _, f := range p.Files {
				if _, ok := mem[f]; !ok {
					t.Errorf("Files names %q, not a file of the FS", f)
				}
			}
		})
	}
}

// projectMapFS holds files (slash paths relative to dir) under dir.
func projectMapFS(dir string, files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, content := range files {
		m[path.Join(dir, name)] = &fstest.MapFile{Data: []byte(content)}
	}
	return m
}

func TestLoadProjectErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // substring of the error, with DIR standing for the project dir
		line  int    // expected ConfigError.Line; 0: not a ConfigError check
		col   int
	}{
		{
			name:  "not a project",
			files: map[string]string{"app.js": ``},
			want:  "not a mini program project",
		},
		{
			name:  "syntax error names file and line",
			files: map[string]string{"project.config.json": "{\n  \"appid\": \"wx1\",\n  \"setting\": {\"urlCheck\": true,}\n}"},
			want:  "DIR/project.config.json:3:32: invalid character '}'",
			line:  3,
			col:   32,
		},
		{
			name:  "truncated file",
			files: map[string]string{"app.json": "{\n  \"pages\": [\n"},
			want:  "DIR/app.json:2:13: unexpected end of JSON input",
			line:  2,
			col:   13,
		},
		{
			name:  "empty file",
			files: map[string]string{"app.json": ""},
			want:  "DIR/app.json:1:1: unexpected end of JSON input",
			line:  1,
			col:   1,
		},
		{
			name:  "wrong type",
			files: map[string]string{"project.config.json": "{\"setting\": {\n\"urlCheck\": \"no\"}}"},
			want:  "DIR/project.config.json:2:",
			line:  2,
		},
		{
			name:  "wrong type in app.json",
			files: map[string]string{"app.json": `{"networkTimeout":{"connectSocket":"5s"}}`},
			want:  "expected a number, found a JSON string",
			line:  1,
		},
		{
			name: "syntax error in private config",
			files: map[string]string{
				"project.config.json":         `{}`,
				"project.private.config.json": "{\n\n  setting: {}\n}",
			},
			want: "DIR/project.private.config.json:3:3: invalid character 's'",
			line: 3,
			col:  3,
		},
		{
			name: "syntax error in app.json under miniprogramRoot",
			files: map[string]string{
				"project.config.json": `{"miniprogramRoot":"mp"}`,
				"mp/app.json":         "{\"pages\": [\"a\" \"b\"]}",
			},
			want: "mp/app.json:1:16: invalid character '\"' after array element",
			line: 1,
			col:  16,
		},
		{
			name:  "missing miniprogramRoot",
			files: map[string]string{"project.config.json": `{"miniprogramRoot":"miniprogram/"}`},
			want:  `DIR/project.config.json: miniprogramRoot "miniprogram/": no such directory`,
		},
		{
			name:  "miniprogramRoot outside the project",
			files: map[string]string{"project.config.json": `{"miniprogramRoot":"../x"}`},
			want:  "outside the project directory",
		},
		{
			name:  "miniprogramRoot is a file",
			files: map[string]string{"project.config.json": `{"miniprogramRoot":"app.js"}`, "app.js": ``},
			want:  "is not a directory",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(err error, dir string) {
				t.Helper()
				if err == nil {
					t.Fatal("succeeded, want an error")
				}
				want := strings.ReplaceAll(tt.want, "DIR/", dir+"/")
				if got := filepath.ToSlash(err.Error()); !strings.Contains(got, want) {
					t.Errorf("error = %q, want it to contain %q", got, want)
				}
				if tt.line == 0 {
					return
				}
				var ce *ConfigError
				if !errors.As(err, &ce) {
					t.Fatalf("error %T is not a *ConfigError", err)
				}
				if ce.Line != tt.line || (tt.col != 0 && ce.Column != tt.col) {
					t.Errorf("position = %d:%d, want %d:%d", ce.Line, ce.Column, tt.line, tt.col)
				}
			}
			dir := t.TempDir()
			writeProjectFiles(t, dir, tt.files)
			_, err := LoadProject(dir)
			check(err, filepath.ToSlash(dir))
			_, err = LoadProjectFS(projectMapFS("proj", tt.files), "proj")
			check(err, "proj")
		})
	}
	t.Run("not a project wraps ErrNotProject", func(t *testing.T) {
		_, err := LoadProject(t.TempDir())
		if !errors.Is(err, ErrNotProject) {
			t.Errorf("error = %v, want ErrNotProject", err)
		}
		_, err = LoadProjectFS(projectMapFS("proj", map[string]string{"app.js": ""}), "proj")
		if !errors.Is(err, ErrNotProject) || !strings.HasPrefix(err.Error(), "proj: ") {
			t.Errorf("LoadProjectFS error = %v, want proj: …ErrNotProject", err)
		}
	})
	t.Run("files are named with the caller's spelling of dir", func(t *testing.T) {
		dir := t.TempDir()
		writeProjectFiles(t, dir, map[string]string{
			"project.config.json": `{"miniprogramRoot":"mp"}`,
			"mp/app.json":         "{,}",
		})
		t.Chdir(dir)
		_, err := LoadProject(".")
		if want := filepath.Join("mp", "app.json") + ":1:2: "; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error = %v, want it to start with %q", err, want)
		}
	})
	t.Run("LoadProjectFS refuses an invalid dir", func(t *testing.T) {
		for _, dir := range []string{"../x", "/x", "x/"} {
			if _, err := LoadProjectFS(fstest.MapFS{}, dir); !errors.Is(err, fs.ErrInvalid) {
				t.Errorf("LoadProjectFS(%q) = %v, want fs.ErrInvalid", dir, err)
			}
		}
	})
}

func TestFindProject(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		start string // relative to the temp dir
		want  string // relative to the temp dir; "" = not found
	}{
		{
			name:  "project.config.json in an ancestor",
			files: map[string]string{"p/project.config.json": `{}`, "p/pages/index/index.js": ``},
			start: "p/pages/index",
			want:  "p",
		},
		{
			name:  "app.json in the start dir",
			files: map[string]string{"mp/app.json": `{}`},
			start: "mp",
			want:  "mp",
		},
		{
			name:  "start may be a file",
			files: map[string]string{"mp/app.json": `{}`, "mp/utils/a.js": ``},
			start: "mp/utils/a.js",
			want:  "mp",
		},
		{
			name: "app.json in a miniprogramRoot climbs to its project",
			files: map[string]string{
				"p/project.config.json":    `{"miniprogramRoot":"miniprogram/"}`,
				"p/miniprogram/app.json":   `{}`,
				"p/miniprogram/pages/a.js": ``,
			},
			start: "p/miniprogram/pages",
			want:  "p",
		},
		{
			name: "app.json not claimed by the project above stays",
			files: map[string]string{
				"p/project.config.json": `{"miniprogramRoot":"other/"}`,
				"p/other/app.json":      `{}`,
				"p/sub/app.json":        `{}`,
			},
			start: "p/sub",
			want:  "p/sub",
		},
		{
			name:  "nearest wins",
			files: map[string]string{"project.config.json": `{}`, "a/project.config.json": `{}`, "a/b/x.js": ``},
			start: "a/b",
			want:  "a",
		},
		{
			name:  "a directory named app.json does not count",
			files: map[string]string{"p/app.json/x": ``, "p/q/x.js": ``},
			start: "p/q",
			want:  "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeProjectFiles(t, dir, tt.files)
			got, ok := FindProject(filepath.Join(dir, filepath.FromSlash(tt.start)))
			if tt.want == "" {
				// Nothing inside the temp dir; an ancestor of it might still be a project
				// on an odd machine, so only check that the result is not inside dir.
				if ok && strings.HasPrefix(got, dir) {
					t.Errorf("FindProject = %q, want nothing inside %q", got, dir)
				}
				return
			}
			if want := filepath.Join(dir, filepath.FromSlash(tt.want)); !ok || got != want {
				t.Errorf("FindProject = %q, %v; want %q, true", got, ok, want)
			}
		})
	}
}

func TestProjectOptions(t *testing.T) {
	tests := []struct {
		name string
		p    Project
		want config
	}{
		{
			name: "empty project keeps the defaults",
			p:    Project{},
			want: defaultConfig(),
		},
		{
			name: "everything set",
			p:    Project{AppID: "wx42", URLCheck: projectBool(true), ConnectTimeout: 2 * time.Second, RequestTimeout: 7 * time.Second},
			want: func() config {
				c := defaultConfig()
				c.appID, c.urlCheck, c.connectTimeout, c.requestTimeout = "wx42", true, 2*time.Second, 7*time.Second
				return c
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := defaultConfig()
			for _, o := range tt.p.Options() {
				o(&c)
			}
			if c.appID != tt.want.appID || c.urlCheck != tt.want.urlCheck || c.connectTimeout != tt.want.connectTimeout || c.requestTimeout != tt.want.requestTimeout {
				t.Errorf("config = {appID:%q urlCheck:%v connectTimeout:%v requestTimeout:%v}, want {appID:%q urlCheck:%v connectTimeout:%v requestTimeout:%v}",
					c.appID, c.urlCheck, c.connectTimeout, c.requestTimeout, tt.want.appID, tt.want.urlCheck, tt.want.connectTimeout, tt.want.requestTimeout)
			}
		})
	}
	t.Run("an explicit urlCheck false is applied", func(t *testing.T) {
		c := defaultConfig()
		c.urlCheck = true
		for _, o := range (&Project{URLCheck: projectBool(false)}).Options() {
			o(&c)
		}
		if c.urlCheck {
			t.Error("urlCheck stayed on")
		}
	})
	t.Run("later options override the project's", func(t *testing.T) {
		p := Project{URLCheck: projectBool(true), ConnectTimeout: time.Second}
		c := defaultConfig()
		for _, o := range append(p.Options(), WithURLCheck(false), WithConnectTimeout(3*time.Second)) {
			o(&c)
		}
		if c.urlCheck || c.connectTimeout != 3*time.Second {
			t.Errorf("urlCheck=%v connectTimeout=%v, want false 3s", c.urlCheck, c.connectTimeout)
		}
	})
}
