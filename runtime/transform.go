package runtime

// This file turns one mini program source file into a compiled, runtime-independent *goja.Program whose
// completion value is the module wrapper function (see compileModule), and keeps those programs in a
// process-wide cache.

import (
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/unistring"
	"github.com/evanw/esbuild/pkg/api"
	"github.com/go-sourcemap/sourcemap"
)

// shadowedGlobals are the names the WeChat compiler lists as extra parameters of every file's define()
// wrapper without passing them, so inside user code they are undefined (logic-layer §10.1).
var shadowedGlobals = []string{
	"window", "document", "frames", "self", "location", "navigator", "localStorage", "history", "Caches",
	"screen", "alert", "confirm", "prompt", "XMLHttpRequest", "WebSocket", "Reporter", "webkit",
	"WeixinJSCore", "fetch", "print", "WeixinJSBridge",
}

// moduleParams are the parameters of the inner wrapper function, bound per module.
var moduleParams = []string{"require", "module", "exports"}

// textWrapPrefix starts the textual wrapper used when a file cannot be parsed as a Program on its own (the
// CommonJS top-level `return`). It stays on the file's first line, so only line-1 columns shift, by its
// length; the suffix starts on a new line and is exactly "})", which goja's sourceMappingURL scan skips.
const (
	textWrapPrefix = "(function(require,module,exports){"
	textWrapSuffix = "\n})"
)

// sourceKind says how a file is turned into JavaScript.
type sourceKind int

const (
	kindJS   sourceKind = iota // plain JavaScript; esbuild only when goja cannot parse it (ESM, newer syntax)
	kindTS                     // TypeScript; always esbuild
	kindJSON                   // JSON.parse into module.exports; never compiled
)

func kindOf(name string) sourceKind {
	switch strings.ToLower(path.Ext(name)) {
	case ".ts", ".mts", ".cts":
		return kindTS
	case ".json":
		return kindJSON
	}
	return kindJS
}

// compileModule compiles the root-relative file name into a program that evaluates to
//
//	function (window, document, …shadowedGlobals…, global) {
//	    return function (require, module, exports) { …file… }
//	}
//
// The shadowed names and global live in the outer function rather than beside require/module/exports so
// that a file may still declare `const fetch = …` or `let global = …` at top level (WeChat's ES6→ES5
// compile turns those into `var`, which may redeclare a parameter; `let` may not).
//
// src is the file as read; prepared is src after prepareSourceMap (what goja parses on the fast path).
//
// Positions: a file goja can parse is parsed as a Program and its statements are moved into a synthetic
// function literal, so every line and column (line 1 included) is the original one. esbuild output
// carries an inline source map that goja applies itself, mapping frames back to the .ts/ESM source.
//
// Errors are *goja.CompilerSyntaxError whose Message starts with "name:line:col: ".
func compileModule(name, src, prepared string) (*goja.Program, error) {
	if kindOf(name) != kindTS {
		// Fast path for plain CommonJS: goja's parser rejects import/export (it has no module goal) and
		// syntax newer than it supports, so "goja parses it" is exactly "it needs no transform". This
		// costs one failed parse for ESM files — cheaper and more exact than scanning for top-level
		// import/export, which would need a tokenizer to skip strings, comments and regexps.
		if fn, f, shift, err := parseWrapped(name, func(int) string { return prepared }); err == nil {
			prg, err := compileWrapped(name, fn, f, shift)
			if err == nil {
				return prg, nil
			}
			// goja parses a few things its compiler rejects (async generators): let esbuild lower
			// them, but report goja's own error if that does not help.
			if prg, err2 := compileTransformed(name, src, api.LoaderJS); err2 == nil {
				return prg, nil
			}
			return nil, err
		}
		return compileTransformed(name, src, api.LoaderJS)
	}
	return compileTransformed(name, src, api.LoaderTS)
}

// compileTransformed runs src through esbuild, then compiles the CommonJS output with its source map.
func compileTransformed(name, src string, loader api.Loader) (*goja.Program, error) {
	code, smap, err := transform(name, src, loader)
	if err != nil {
		return nil, err
	}
	withMap := func(line1Shift int) string {
		if m, err := adjustSourceMap(smap, line1Shift); err == nil {
			return code + inlineSourceMap(m)
		}
		return code
	}
	fn, f, _, err := parseWrapped(name, withMap)
	if err != nil {
		return nil, mapSyntaxError(err, smap)
	}
	if esmOutput.MatchString(code) {
		// ES module code is strict, but esbuild's CommonJS output does not say so: add the directive
		// to the AST, where it costs no position.
		fn.Body.List = append([]ast.Statement{&ast.ExpressionStatement{Expression: &ast.StringLiteral{
			Idx: 1, Literal: `"use strict"`, Value: unistring.NewFromString("use strict"),
		}}}, fn.Body.List...)
	}
	// The source map already accounts for the textual wrapper: no column shift left to undo.
	return compileWrapped(name, fn, f, 0)
}

// esmOutput matches the lines esbuild writes when it converts import/export to CommonJS: the exports
// object (any export) or a binding for an imported module (any import, named "import_<module>").
var esmOutput = regexp.MustCompile(`(?m)^(?:module\.exports = __toCommonJS\(|var import_[\w$]+ = (?:__toESM\()?require\()`)

// neutralizeHashbang turns a leading "#!" line into a comment of the same length, keeping positions.
func neutralizeHashbang(src string) string {
	if strings.HasPrefix(src, "#!") {
		return "//" + src[2:]
	}
	return src
}

// transform runs esbuild over src and returns the code and its (external, unadjusted) source map. The
// map's only source is the file's base name: goja resolves map sources relative to the file name, so
// "utils/calc.ts" + "calc.ts" reads back as "utils/calc.ts".
func transform(name, src string, loader api.Loader) (code string, sourceMap []byte, err error) {
	res := api.Transform(src, api.TransformOptions{
		Loader:         loader,
		Format:         api.FormatCommonJS,
		Target:         api.ES2017, // goja has no ES modules and no async generators
		Sourcemap:      api.SourceMapExternal,
		SourcesContent: api.SourcesContentExclude,
		Sourcefile:     path.Base(name),
		LogLevel:       api.LogLevelSilent,
	})
	if len(res.Errors) > 0 {
		msg := res.Errors[0]
		text := msg.Text
		if n := len(res.Errors) - 1; n > 0 {
			text = fmt.Sprintf("%s (and %d more errors)", text, n)
		}
		line, col := 0, 0
		if loc := msg.Location; loc != nil {
			line, col = loc.Line, loc.Column+1 // esbuild columns are 0-based, goja's 1-based
		}
		return "", nil, newSyntaxError(name, line, col, text)
	}
	return string(res.Code), res.Map, nil
}

// noSourceMapFiles keeps goja's parser from reading source map files by itself (its default loader reads
// any path, relative to the process's working directory); prepareSourceMap inlines the ones we accept.
var noSourceMapFiles = parser.WithSourceMapLoader(func(string) ([]byte, error) { return nil, errNoSourceMap })

var errNoSourceMap = errors.New("source map files are inlined by prepareSourceMap")

// parseWrapped parses the code as the body of the inner module function. code(shift) returns the text
// to parse when line 1 is shifted right by shift columns (the source map, if any, must account for it).
// It returns the function literal, the parsed file (positions, source map) and the shift used (0
// unless the textual fallback was needed). Errors are *parseError with positions in code(0).
func parseWrapped(name string, code func(line1Shift int) string) (*ast.FunctionLiteral, *file.File, int, error) {
	src := neutralizeHashbang(code(0))
	prg, err := parser.ParseFile(nil, name, src, 0, noSourceMapFiles)
	if err == nil {
		return &ast.FunctionLiteral{
			Function:      1,
			ParameterList: paramList(moduleParams),
			Body: &ast.BlockStatement{
				LeftBrace:  1,
				List:       prg.Body,
				RightBrace: file.Idx(len(src)),
			},
			DeclarationList: prg.DeclarationList,
			Source:          src,
		}, prg.File, 0, nil
	}
	if !isIllegalReturn(err) {
		return nil, nil, 0, toParseError(name, err, 0)
	}
	// A Program cannot contain the top-level `return` CommonJS allows: compile the text inside a
	// function instead. Everything but line 1's columns keeps its position.
	shift := len(textWrapPrefix)
	prg, err2 := parser.ParseFile(nil, name, textWrapPrefix+neutralizeHashbang(code(shift))+textWrapSuffix, 0, noSourceMapFiles)
	if err2 != nil {
		return nil, nil, 0, toParseError(name, err2, shift)
	}
	if len(prg.Body) == 1 {
		if st, ok := prg.Body[0].(*ast.ExpressionStatement); ok {
			if fn, ok := st.Expression.(*ast.FunctionLiteral); ok {
				return fn, prg.File, shift, nil
			}
		}
	}
	// The file closed the wrapper itself ("}); (function(){"): report the original error.
	return nil, nil, 0, toParseError(name, err, 0)
}

func isIllegalReturn(err error) bool {
	var list parser.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Message == "Illegal return statement"
	}
	return false
}

// compileWrapped wraps inner in the outer function that shadows the WeChat globals and compiles it.
// shift is subtracted from line-1 columns of compile errors in name (textual wrapper without source map).
func compileWrapped(name string, inner *ast.FunctionLiteral, f *file.File, shift int) (*goja.Program, error) {
	outerParams := append(append([]string(nil), shadowedGlobals...), "global")
	outer := &ast.FunctionLiteral{
		Function:      1,
		ParameterList: paramList(outerParams),
		Body: &ast.BlockStatement{
			LeftBrace:  1,
			List:       []ast.Statement{&ast.ReturnStatement{Return: 1, Argument: inner}},
			RightBrace: inner.Body.RightBrace,
		},
		Source: inner.Source,
	}
	prg, err := goja.CompileAST(&ast.Program{
		Body: []ast.Statement{&ast.ExpressionStatement{Expression: outer}},
		File: f,
	}, false)
	if err != nil {
		var cse *goja.CompilerSyntaxError
		if errors.As(err, &cse) && cse.File != nil {
			pos := cse.File.Position(cse.Offset)
			where := name
			if pos.Filename != "" {
				where = pos.Filename
			}
			if where == name && pos.Line == 1 && pos.Column > shift {
				pos.Column -= shift
			}
			return nil, newSyntaxError(where, pos.Line, pos.Column, cse.Message)
		}
		return nil, err
	}
	return prg, nil
}

func paramList(names []string) *ast.ParameterList {
	list := make([]*ast.Binding, len(names))
	for i, n := range names {
		list[i] = &ast.Binding{Target: &ast.Identifier{Name: unistring.NewFromString(n), Idx: 1}}
	}
	return &ast.ParameterList{List: list}
}

// newSyntaxError builds the error every syntax problem is reported as: "SyntaxError: name:line:col: msg".
func newSyntaxError(name string, line, col int, msg string) *goja.CompilerSyntaxError {
	where := name
	if line > 0 {
		where = fmt.Sprintf("%s:%d:%d", name, line, col)
	}
	return &goja.CompilerSyntaxError{CompilerError: goja.CompilerError{Message: where + ": " + msg}}
}

// parseError is a syntax error from goja's parser, position already corrected for the textual wrapper.
// It keeps the position structured so errors in esbuild output can be mapped back to the original file.
type parseError struct {
	name      string
	line, col int
	msg       string
}

func (e *parseError) Error() string { return newSyntaxError(e.name, e.line, e.col, e.msg).Error() }

// toParseError converts a goja parser error; shift is subtracted from line-1 columns.
func toParseError(name string, err error, shift int) *parseError {
	var list parser.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return &parseError{name: name, msg: err.Error()}
	}
	e := list[0]
	line, col := e.Position.Line, e.Position.Column
	if line == 1 && col > shift {
		col -= shift
	}
	return &parseError{name: name, line: line, col: col, msg: e.Message}
}

// mapSyntaxError maps a parse error in esbuild output back through esbuild's source map and returns the
// final *goja.CompilerSyntaxError.
func mapSyntaxError(err error, smap []byte) error {
	var pe *parseError
	if !errors.As(err, &pe) {
		return err
	}
	if pe.line > 0 {
		if adj, err := adjustSourceMap(smap, 0); err == nil {
			if sm, err := sourcemap.Parse("", adj); err == nil {
				if _, _, line, col, ok := sm.Source(pe.line, pe.col); ok {
					return newSyntaxError(pe.name, line, col, pe.msg)
				}
			}
		}
	}
	return newSyntaxError(pe.name, pe.line, pe.col, pe.msg+" (in transformed code)")
}

// ---- source maps ----

// goja looks source maps up with 1-based generated columns and reports the map's source column as is,
// but source maps (and github.com/go-sourcemap/sourcemap) count columns from 0: unadjusted, every mapped
// column would be one too small. adjustSourceMap makes a map 1-based on both sides, so mapped frames
// read like unmapped ones. Generated columns restart at 0 on every line and source columns are deltas
// from the first one, so this only rewrites the first segment of each line and the first segment that
// names a source. line1Shift additionally moves line 1's generated columns (the textual wrapper).
func adjustSourceMap(data []byte, line1Shift int) ([]byte, error) {
	var sm map[string]json.RawMessage
	if err := json.Unmarshal(data, &sm); err != nil {
		return nil, err
	}
	var mappings string
	if err := json.Unmarshal(sm["mappings"], &mappings); err != nil {
		return nil, fmt.Errorf("source map without mappings: %w", err)
	}
	adjusted, err := adjustMappings(mappings, line1Shift)
	if err != nil {
		return nil, err
	}
	raw, _ := json.Marshal(adjusted)
	sm["mappings"] = raw
	return json.Marshal(sm)
}

func adjustMappings(mappings string, line1Shift int) (string, error) {
	lines := strings.Split(mappings, ";")
	sourceDone := false
	for li, line := range lines {
		if line == "" {
			continue
		}
		segs := strings.Split(line, ",")
		for si, seg := range segs {
			if si > 0 && sourceDone {
				break
			}
			fields, err := decodeVLQ(seg)
			if err != nil {
				return "", err
			}
			changed := false
			if si == 0 && len(fields) > 0 {
				fields[0]++
				if li == 0 {
					fields[0] += line1Shift
				}
				changed = true
			}
			if !sourceDone && len(fields) >= 4 {
				fields[3]++
				sourceDone, changed = true, true
			}
			if changed {
				segs[si] = encodeVLQ(fields)
			}
		}
		lines[li] = strings.Join(segs, ",")
	}
	return strings.Join(lines, ";"), nil
}

const vlqDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func decodeVLQ(seg string) ([]int, error) {
	var out []int
	value, shift := 0, 0
	for i := 0; i < len(seg); i++ {
		d := strings.IndexByte(vlqDigits, seg[i])
		if d < 0 || shift > 30 {
			return nil, fmt.Errorf("bad source map segment %q", seg)
		}
		value += (d & 31) << shift
		if d&32 != 0 {
			shift += 5
			continue
		}
		if value&1 != 0 {
			out = append(out, -(value >> 1))
		} else {
			out = append(out, value>>1)
		}
		value, shift = 0, 0
	}
	if shift != 0 {
		return nil, fmt.Errorf("truncated source map segment %q", seg)
	}
	return out, nil
}

func encodeVLQ(fields []int) string {
	var b strings.Builder
	for _, v := range fields {
		x := v << 1
		if v < 0 {
			x = (-v)<<1 | 1
		}
		for {
			d := x & 31
			x >>= 5
			if x > 0 {
				d |= 32
			}
			b.WriteByte(vlqDigits[d])
			if x == 0 {
				break
			}
		}
	}
	return b.String()
}

func inlineSourceMap(m []byte) string {
	return "\n//# sourceMappingURL=data:application/json;base64," + base64.StdEncoding.EncodeToString(m) + "\n"
}

// sourceMapComment locates a trailing "//# sourceMappingURL=" comment with the same rules as goja's
// parser (last non-empty line, ignoring a final "})"): it returns the URL and the offset of the line.
func sourceMapComment(src string) (url string, at int) {
	rest := src
	for {
		p := strings.LastIndexByte(rest, '\n')
		line := strings.TrimRight(rest[p+1:], "\r")
		if line != "" && line != "})" {
			if after, ok := strings.CutPrefix(line, "//# sourceMappingURL="); ok {
				return strings.TrimSpace(after), p + 1
			}
			return "", -1
		}
		if p < 0 {
			return "", -1
		}
		rest = rest[:p]
	}
}

// prepareSourceMap returns src with its trailing sourceMappingURL comment (if any) replaced by an inline
// copy of the map, adjusted for goja (adjustSourceMap). A map file is read from fsys, the module file
// system, which refuses paths leading out of the root ("../x" is not a valid name in any fs.FS, and an
// os.Root refuses symlinks out); a map that cannot be used is dropped. Only the comment line changes,
// so code positions stay put, and the program cache key (a hash of the result) covers the map's
// content.
func prepareSourceMap(fsys fs.FS, name, src string) string {
	ref, at := sourceMapComment(src)
	if at < 0 {
		return src
	}
	var data []byte
	if strings.HasPrefix(ref, "data:") {
		meta, payload, ok := strings.Cut(ref, ",")
		if ok && strings.HasSuffix(meta, ";base64") {
			data, _ = base64.StdEncoding.DecodeString(payload)
		}
	} else {
		data = readSourceMapFile(fsys, name, ref)
	}
	if data != nil {
		if adj, err := adjustSourceMap(data, 0); err == nil {
			return src[:at] + inlineSourceMap(adj)[1:]
		}
	}
	return src[:at]
}

func readSourceMapFile(fsys fs.FS, name, ref string) []byte {
	u := file.ResolveSourcemapURL(name, ref)
	if u == nil || (u.Scheme != "" && u.Scheme != "file") {
		return nil
	}
	data, err := fs.ReadFile(fsys, path.Clean(u.Path))
	if err != nil {
		return nil
	}
	return data
}

// ---- process-wide program cache ----

// programKey identifies a compiled module: the file name is baked into the program (stack traces), the
// hash covers the source as prepared by prepareSourceMap (so also any source map it refers to).
type programKey struct {
	name string
	sum  [sha256.Size]byte
}

func newProgramKey(name, prepared string) programKey {
	return programKey{name: name, sum: sha256.Sum256([]byte(prepared))}
}

// programCache is a goroutine-safe LRU of compiled module programs, bounded by entry count and by an
// estimate of their size. Concurrent requests for the same key compile once.
type programCache struct {
	maxEntries int
	maxBytes   int

	mu      sync.Mutex
	bytes   int
	lru     *list.List // of *cacheEntry; front = most recently used
	entries map[programKey]*list.Element
	pending map[programKey]*pendingCompile

	compiles atomic.Int64 // compile calls (misses), for tests and diagnostics
	hits     atomic.Int64
}

type cacheEntry struct {
	key  programKey
	prg  *goja.Program
	size int
}

type pendingCompile struct {
	done chan struct{}
	prg  *goja.Program
	err  error
}

func newProgramCache(maxEntries, maxBytes int) *programCache {
	return &programCache{
		maxEntries: maxEntries,
		maxBytes:   maxBytes,
		lru:        list.New(),
		entries:    make(map[programKey]*list.Element),
		pending:    make(map[programKey]*pendingCompile),
	}
}

// programs is shared by every moduleSystem in the process: a *goja.Program can run in many runtimes.
// 4096 files or ~256 MiB of source (a proxy for the compiled size), whichever is reached first.
var programs = newProgramCache(4096, 256<<20)

// get returns the cached program for key or compiles it with compile; size estimates its memory.
// Safe for concurrent use. Failed compiles are not cached.
func (c *programCache) get(key programKey, size int, compile func() (*goja.Program, error)) (*goja.Program, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		prg := el.Value.(*cacheEntry).prg
		c.mu.Unlock()
		c.hits.Add(1)
		return prg, nil
	}
	if p, ok := c.pending[key]; ok {
		c.mu.Unlock()
		<-p.done
		return p.prg, p.err
	}
	p := &pendingCompile{done: make(chan struct{})}
	c.pending[key] = p
	c.mu.Unlock()

	c.compiles.Add(1)
	func() {
		defer func() {
			if r := recover(); r != nil {
				p.prg, p.err = nil, fmt.Errorf("compiling %s: internal compiler panic: %v", key.name, r)
			}
		}()
		p.prg, p.err = compile()
	}()

	c.mu.Lock()
	delete(c.pending, key)
	if p.err == nil && size <= c.maxBytes {
		c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, prg: p.prg, size: size})
		c.bytes += size
		for c.lru.Len() > c.maxEntries || c.bytes > c.maxBytes {
			el := c.lru.Back()
			e := el.Value.(*cacheEntry)
			c.lru.Remove(el)
			delete(c.entries, e.key)
			c.bytes -= e.size
		}
	}
	c.mu.Unlock()
	close(p.done)
	return p.prg, p.err
}

// stats reports how many programs were compiled and how many lookups were served from the cache.
func (c *programCache) stats() (compiles, hits int64) {
	return c.compiles.Load(), c.hits.Load()
}

// len reports the number of cached programs.
func (c *programCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
