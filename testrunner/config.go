package testrunner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/wxrun/wxrun/internal/syncbuf"
	"github.com/wxrun/wxrun/runtime"
)

// Config is the part of a project's jest configuration wxrun reads: from jest.config.js,
// jest.config.json or the "jest" key of package.json, in that order. Paths may use
// <rootDir>.
type Config struct {
	// RootDir is the project root: the folder of the configuration (or of
	// project.config.json), unless the configuration's rootDir says otherwise. Test files,
	// module names and snapshots are relative to it, and the runtime's require may not
	// leave it.
	RootDir string
	// File is the configuration file read ("" when none).
	File string

	Roots                  []string          // folders searched for tests (default: RootDir)
	TestMatch              []string          // globs a test file's path must match
	TestPathIgnorePatterns []string          // regular expressions of paths never run
	SetupFiles             []string          // run before each test file (jest globals present)
	SetupFilesAfterEnv     []string          // run after SetupFiles
	ModuleNameMapper       map[string]string // request regexp → replacement ($1 … allowed)
	TestTimeout            time.Duration     // default timeout of a test or hook (5 s)

	// Ignored lists the keys of the configuration wxrun does not implement, sorted.
	Ignored []string

	mappers []mapper
}

type mapper struct {
	re   *regexp.Regexp
	repl string
}

// DefaultTestMatch is jest's default testMatch.
var DefaultTestMatch = []string{"**/__tests__/**/*.[jt]s?(x)", "**/?(*.)+(spec|test).[jt]s?(x)"}

// DefaultTestTimeout is jest's default testTimeout.
const DefaultTestTimeout = 5 * time.Second

// supportedKeys are the configuration keys wxrun reads; every other key is reported once as
// ignored. "setupFilesAfterEach" is accepted as another name of setupFilesAfterEnv.
var supportedKeys = map[string]bool{
	"rootDir": true, "roots": true, "testMatch": true, "testPathIgnorePatterns": true,
	"setupFiles": true, "setupFilesAfterEnv": true, "setupFilesAfterEach": true,
	"moduleNameMapper": true, "testTimeout": true,
}

// configFiles are the places a jest configuration is looked for, in order.
var configFiles = []string{"jest.config.js", "jest.config.cjs", "jest.config.ts", "jest.config.json", "package.json"}

// FindRoot returns the project root for start (a directory): the nearest folder at or
// above it holding a jest configuration, a package.json or a project.config.json; start
// itself when there is none.
func FindRoot(start string) string {
	abs, err := filepath.Abs(start)
	if err != nil {
		return start
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		for _, name := range append(configFiles, "project.config.json") {
			if st, err := os.Stat(filepath.Join(dir, name)); err == nil && !st.IsDir() {
				return dir
			}
		}
		if filepath.Dir(dir) == dir {
			return abs
		}
	}
}

// LoadConfig reads the jest configuration of the project in dir. file, if not empty, names
// the configuration file to read (relative to dir or absolute). A project without one gets
// jest's defaults.
func LoadConfig(dir, file string) (*Config, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	c := &Config{RootDir: dir}
	var raw map[string]json.RawMessage
	if file != "" {
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		if raw, err = readConfigFile(file); err != nil {
			return nil, err
		}
		if raw == nil {
			return nil, fmt.Errorf("%s: no jest configuration in it", file)
		}
		c.File = file
		c.RootDir = filepath.Dir(file)
	} else {
		for _, name := range configFiles {
			p := filepath.Join(dir, name)
			if _, err := os.Stat(p); err != nil {
				continue
			}
			if raw, err = readConfigFile(p); err != nil {
				return nil, err
			}
			if raw != nil {
				c.File = p
				break
			}
		}
	}
	if err := c.apply(raw); err != nil {
		return nil, fmt.Errorf("%s: %w", c.File, err)
	}
	return c, nil
}

// readConfigFile returns the configuration object in p: package.json's "jest" key (nil if
// absent), a JSON file, or what a JavaScript file exports (an object, or a function,
// possibly async, returning one).
func readConfigFile(p string) (map[string]json.RawMessage, error) {
	var raw map[string]json.RawMessage
	switch filepath.Ext(p) {
	case ".json":
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		if filepath.Base(p) == "package.json" {
			j, ok := raw["jest"]
			if !ok {
				return nil, nil
			}
			raw = nil
			if err := json.Unmarshal(j, &raw); err != nil {
				return nil, fmt.Errorf("%s: \"jest\": %w", p, err)
			}
		}
		return raw, nil
	}
	text, err := evalConfig(p)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		return nil, fmt.Errorf("%s: the configuration is not an object: %w", p, err)
	}
	return raw, nil
}

// evalConfig runs a jest.config.js in a runtime of its own and returns its export as JSON.
func evalConfig(p string) (string, error) {
	var out syncbuf.Buffer
	rt, err := runtime.New(runtime.WithRoot(filepath.Dir(p)), runtime.WithStdout(&out), runtime.WithStderr(&out))
	if err != nil {
		return "", err
	}
	defer rt.Close()
	result := ""
	_ = rt.VM().Set("__wxrunConfig", func(s string) { result = s })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	src := `Promise.resolve(require('./` + filepath.Base(p) + `')).then(function (c) {
  if (c && c.__esModule && c.default !== undefined) c = c.default;
  return typeof c === 'function' ? c() : c;
}).then(function (c) { __wxrunConfig(JSON.stringify(c)); });`
	if err := rt.RunString(ctx, "<wxrun config>.js", src); err != nil {
		return "", fmt.Errorf("%s: %v\n%s", p, err, out.String())
	}
	if result == "" {
		return "", fmt.Errorf("%s: exports no configuration", p)
	}
	return result, nil
}

func (c *Config) apply(raw map[string]json.RawMessage) error {
	c.TestMatch = DefaultTestMatch
	c.TestPathIgnorePatterns = []string{"/node_modules/"}
	c.TestTimeout = DefaultTestTimeout
	get := func(key string, into any) error {
		v, ok := raw[key]
		if !ok {
			return nil
		}
		if err := json.Unmarshal(v, into); err != nil {
			return fmt.Errorf("%q: %w", key, err)
		}
		return nil
	}
	var rootDir string
	if err := get("rootDir", &rootDir); err != nil {
		return err
	}
	if rootDir != "" {
		if !filepath.IsAbs(rootDir) {
			rootDir = filepath.Join(c.RootDir, rootDir)
		}
		c.RootDir = filepath.Clean(rootDir)
	}
	var ms float64
	for _, g := range []struct {
		key  string
		into any
	}{
		{"roots", &c.Roots}, {"testMatch", &c.TestMatch}, {"testPathIgnorePatterns", &c.TestPathIgnorePatterns},
		{"setupFiles", &c.SetupFiles}, {"setupFilesAfterEnv", &c.SetupFilesAfterEnv},
		{"moduleNameMapper", &c.ModuleNameMapper}, {"testTimeout", &ms},
	} {
		if err := get(g.key, g.into); err != nil {
			return err
		}
	}
	var afterEach []string
	if err := get("setupFilesAfterEach", &afterEach); err != nil {
		return err
	}
	c.SetupFilesAfterEnv = append(c.SetupFilesAfterEnv, afterEach...)
	if ms > 0 {
		c.TestTimeout = time.Duration(ms * float64(time.Millisecond))
	}
	for key := range raw {
		if !supportedKeys[key] {
			c.Ignored = append(c.Ignored, key)
		}
	}
	sort.Strings(c.Ignored)
	for i, p := range c.TestPathIgnorePatterns {
		c.TestPathIgnorePatterns[i] = c.expand(p)
	}
	keys := make([]string, 0, len(c.ModuleNameMapper))
	for k := range c.ModuleNameMapper {
		keys = append(keys, k)
	}
	sort.Strings(keys) // jest applies them in the object's order, which JSON loses; be deterministic
	for _, k := range keys {
		re, err := regexp.Compile(jsRegexp(k))
		if err != nil {
			return fmt.Errorf("moduleNameMapper %q: %w", k, err)
		}
		c.mappers = append(c.mappers, mapper{re: re, repl: c.ModuleNameMapper[k]})
	}
	return nil
}

// jsRegexp adapts the JavaScript regular expressions of a jest configuration to Go's
// syntax where they differ in ways that matter here: `\/` is `/`.
func jsRegexp(s string) string { return strings.ReplaceAll(s, `\/`, `/`) }

// expand replaces <rootDir> with the root directory.
func (c *Config) expand(p string) string {
	return strings.ReplaceAll(p, "<rootDir>", filepath.ToSlash(c.RootDir))
}

// rootRelative turns a configured path (<rootDir>/x, ./x, x or an absolute path inside
// the root) into a root-relative slash path.
func (c *Config) rootRelative(p string) (string, error) {
	p = c.expand(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(c.RootDir, p)
	}
	rel, err := filepath.Rel(c.RootDir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the root %s", p, c.RootDir)
	}
	return filepath.ToSlash(rel), nil
}

// setupFiles returns SetupFiles then SetupFilesAfterEnv as root-relative paths (checked by
// validate).
func (c *Config) setupFiles() []string {
	var out []string
	for _, p := range append(append([]string(nil), c.SetupFiles...), c.SetupFilesAfterEnv...) {
		if rel, err := c.rootRelative(p); err == nil {
			out = append(out, rel)
		}
	}
	return out
}

// validate checks that the files the configuration names exist.
func (c *Config) validate() error {
	for _, p := range append(append([]string(nil), c.SetupFiles...), c.SetupFilesAfterEnv...) {
		rel, err := c.rootRelative(p)
		if err != nil {
			return fmt.Errorf("setup file %s", err)
		}
		if _, err := fs.Stat(os.DirFS(c.RootDir), rel); err != nil {
			return fmt.Errorf("setup file %s: %w", p, errors.Unwrap(err))
		}
	}
	return nil
}

// mapRequest applies moduleNameMapper to a require request: the first rule whose regexp
// matches replaces it; a replacement inside the root becomes a root path ("/utils/x").
func (c *Config) mapRequest(from, request string) string {
	for _, m := range c.mappers {
		if !m.re.MatchString(request) {
			continue
		}
		out := m.re.ReplaceAllString(request, jsReplacement(m.repl))
		out = c.expand(out)
		if filepath.IsAbs(out) {
			if rel, err := c.rootRelative(out); err == nil {
				return "/" + rel
			}
		}
		return out
	}
	return request
}

// jsReplacement turns JavaScript's $1 into Go's ${1}.
func jsReplacement(s string) string {
	return regexp.MustCompile(`\$(\d+)`).ReplaceAllString(s, "$${$1}")
}

// isIgnored reports whether the root-relative path matches testPathIgnorePatterns (which
// jest matches against absolute paths) or lies in node_modules or miniprogram_npm.
func (c *Config) isIgnored(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if part == "node_modules" || part == "miniprogram_npm" {
			return true
		}
	}
	abs := path.Join(filepath.ToSlash(c.RootDir), rel)
	for _, p := range c.TestPathIgnorePatterns {
		re, err := regexp.Compile(jsRegexp(p))
		if err == nil && re.MatchString(abs) {
			return true
		}
	}
	return false
}
