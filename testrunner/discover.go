package testrunner

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Discover returns the test files for args, as root-relative slash paths, sorted. An
// argument naming a file runs it; one naming a directory runs the tests under it; any
// other argument is a regular expression a test file's path must match (as in jest).
// Without arguments every test of the project runs. Tests are the files matching the
// configuration's testMatch under its roots, outside node_modules, miniprogram_npm and
// testPathIgnorePatterns.
func (c *Config) Discover(cwd string, args []string) ([]string, error) {
	roots := []string{""}
	if len(c.Roots) > 0 {
		roots = roots[:0]
		for _, r := range c.Roots {
			rel, err := c.rootRelative(r)
			if err != nil {
				return nil, fmt.Errorf("roots: %w", err)
			}
			roots = append(roots, rel)
		}
	}
	var explicit, dirs []string
	var patterns []*regexp.Regexp
	for _, a := range args {
		p := a
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		st, err := os.Stat(p)
		if err != nil {
			re, rerr := regexp.Compile(jsRegexp(a))
			if rerr != nil || !strings.ContainsAny(a, `^$*+?()[]{}|\`) && errors.Is(err, fs.ErrNotExist) && strings.ContainsAny(a, "/") {
				return nil, &UsageError{Msg: fmt.Sprintf("%s: no such file or directory", a)}
			}
			patterns = append(patterns, re)
			continue
		}
		rel, err := c.rootRelative(p)
		if err != nil {
			return nil, &UsageError{Msg: fmt.Sprintf("%s is outside the project root %s", a, c.RootDir)}
		}
		if st.IsDir() {
			dirs = append(dirs, rel)
		} else {
			explicit = append(explicit, rel)
		}
	}
	matchers, err := compileGlobs(c.TestMatch)
	if err != nil {
		return nil, err
	}
	found := map[string]bool{}
	for _, f := range explicit {
		found[f] = true
	}
	walkRoots := roots
	if len(dirs) > 0 {
		walkRoots = dirs
	}
	if len(explicit) == 0 || len(dirs) > 0 || len(patterns) > 0 {
		for _, r := range walkRoots {
			dir := filepath.Join(c.RootDir, filepath.FromSlash(r))
			err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(c.RootDir, p)
				rel = filepath.ToSlash(rel)
				if d.IsDir() {
					if name := d.Name(); name == "node_modules" || name == "miniprogram_npm" || (strings.HasPrefix(name, ".") && rel != ".") {
						return filepath.SkipDir
					}
					return nil
				}
				if c.isIgnored(rel) || !matchesAny(matchers, "/"+rel) {
					return nil
				}
				if len(patterns) > 0 && !matchesAnyRe(patterns, rel) {
					return nil
				}
				found[rel] = true
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	out := make([]string, 0, len(found))
	for f := range found {
		out = append(out, f)
	}
	sort.Strings(out)
	return out, nil
}

func matchesAny(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

func matchesAnyRe(res []*regexp.Regexp, s string) bool { return matchesAny(res, s) }

func compileGlobs(globs []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, g := range globs {
		re, err := globRegexp(g)
		if err != nil {
			return nil, fmt.Errorf("testMatch %q: %w", g, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// globRegexp translates a micromatch glob, as jest's testMatch uses them, into a regular
// expression matched against "/" + the root-relative path: "**" (any number of folders),
// "*", "?", "[…]", "{a,b}" and the extglobs "?(…)", "*(…)", "+(…)", "@(…)" with "|"
// alternatives. A glob without a folder part matches the base name anywhere, and one
// starting with "<rootDir>/" is anchored at the root.
func globRegexp(glob string) (*regexp.Regexp, error) {
	g := strings.TrimPrefix(glob, "<rootDir>")
	anchored := strings.HasPrefix(g, "/")
	g = strings.TrimPrefix(g, "/")
	var b strings.Builder
	b.WriteString("^")
	if !anchored {
		b.WriteString("(?:.*/)?")
	} else {
		b.WriteString("/")
	}
	depth := 0 // inside {…} or an extglob group
	var groups []byte
	for i := 0; i < len(g); i++ {
		ch := g[i]
		next := byte(0)
		if i+1 < len(g) {
			next = g[i+1]
		}
		switch {
		case ch == '*' && next == '*':
			i++
			if i+1 < len(g) && g[i+1] == '/' {
				i++
				b.WriteString("(?:[^/]*/)*")
			} else {
				b.WriteString(".*")
			}
		case (ch == '?' || ch == '*' || ch == '+' || ch == '@' || ch == '!') && next == '(':
			i++
			depth++
			groups = append(groups, ch)
			b.WriteString("(?:")
		case ch == ')' && depth > 0:
			depth--
			kind := groups[len(groups)-1]
			groups = groups[:len(groups)-1]
			switch kind {
			case '?':
				b.WriteString(")?")
			case '*':
				b.WriteString(")*")
			case '+':
				b.WriteString(")+")
			default:
				b.WriteString(")")
			}
		case ch == '|' && depth > 0:
			b.WriteString("|")
		case ch == '{':
			depth++
			groups = append(groups, '{')
			b.WriteString("(?:")
		case ch == '}' && depth > 0:
			depth--
			groups = groups[:len(groups)-1]
			b.WriteString(")")
		case ch == ',' && depth > 0 && groups[len(groups)-1] == '{':
			b.WriteString("|")
		case ch == '*':
			b.WriteString("[^/]*")
		case ch == '?':
			b.WriteString("[^/]")
		case ch == '[':
			j := strings.IndexByte(g[i:], ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := g[i+1 : i+j]
			if strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + class + "]")
			i += j
		default:
			b.WriteString(regexp.QuoteMeta(string(ch)))
		}
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// Shard returns the files of shard index (1-based) of count, with jest's semantics: the
// files are ordered by the SHA-1 of their root-relative path and cut into count slices of
// ceil(len/count) files, so every CI job that runs one shard of the same suite gets a
// disjoint part and together they run all of it.
func Shard(files []string, index, count int) []string {
	type hashed struct{ file, hash string }
	hs := make([]hashed, len(files))
	for i, f := range files {
		sum := sha1.Sum([]byte(f))
		hs[i] = hashed{f, hex.EncodeToString(sum[:])}
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].hash < hs[j].hash })
	size := (len(files) + count - 1) / count
	start, end := min(size*(index-1), len(hs)), min(size*index, len(hs))
	out := make([]string, 0, end-start)
	for _, h := range hs[start:end] {
		out = append(out, h.file)
	}
	return out
}

// ParseShard parses "i/n" (1 ≤ i ≤ n).
func ParseShard(s string) (index, count int, err error) {
	if _, err := fmt.Sscanf(s, "%d/%d", &index, &count); err != nil || fmt.Sprintf("%d/%d", index, count) != s {
		return 0, 0, &UsageError{Msg: fmt.Sprintf("--shard %q: want i/n, such as 1/3", s)}
	}
	if count < 1 || index < 1 || index > count {
		return 0, 0, &UsageError{Msg: fmt.Sprintf("--shard %s: want 1 ≤ i ≤ n", s)}
	}
	return index, count, nil
}

// UsageError is a bad argument or option: the CLI exits 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }
