// Package compile turns mini program source files into compiled, runtime-independent goja programs,
// and keeps them in a cache shared by every runtime in the process.
//
// # Programs
//
// The program of a source file evaluates to its module wrapper, a function in a function:
//
//	function (window, document, …, global) {    // the globals WeChat's compiler shadows, then global
//	    return function (require, module, exports) { …the file… }
//	}
//
// Call the outer function with OuterArgs(global) and the inner one with this = exports and
// (require, module, exports), as package runtime's module system does. Every line and column in stack
// traces is the file's own: the file is parsed and its statements moved into the wrapper, and code
// that esbuild transformed (TypeScript, ES modules, syntax goja cannot parse) carries a source map
// that goja applies. Syntax errors are *goja.CompilerSyntaxError whose message starts with
// "name:line:col: ", positions in the original file.
//
// # Sharing
//
// A *goja.Program is immutable and runs in any number of goja runtimes at once, so a file that many
// runtimes load is compiled once: Cache.Module is safe for concurrent use, and Shared is the cache
// package runtime uses. The cache key is the file's name and content (a source map it refers to
// included), never the runtime or file system it came from.
package compile

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/dop251/goja"
	"github.com/dop251/goja/ast"
	"github.com/dop251/goja/file"
	"github.com/dop251/goja/parser"
	"github.com/dop251/goja/unistring"
	"github.com/evanw/esbuild/pkg/api"
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

// OuterArgs returns the arguments for a program's outer function: undefined for every global the
// WeChat compiler shadows, then global, the object the module sees as `global`.
func OuterArgs(global goja.Value) []goja.Value {
	args := make([]goja.Value, len(shadowedGlobals)+1)
	for i := range shadowedGlobals {
		args[i] = goja.Undefined()
	}
	args[len(shadowedGlobals)] = global
	return args
}

// textWrapPrefix starts the textual wrapper used when a file cannot be parsed as a Program on its own (the
// CommonJS top-level `return`). It stays on the file's first line, so only line-1 columns shift, by its
// length; the suffix starts on a new line and is exactly "})", which goja's sourceMappingURL scan skips.
const (
	textWrapPrefix = "(function(require,module,exports){"
	textWrapSuffix = "\n})"
)

// Kind says how a file is turned into JavaScript.
type Kind int

const (
	JS   Kind = iota // plain JavaScript; esbuild only when goja cannot parse it (ESM, newer syntax)
	TS               // TypeScript; always esbuild
	JSON             // not a program: the module system parses it into module.exports
)

// KindOf tells a file's kind from its name's extension: .ts, .mts, .cts are TS, .json is JSON,
// anything else JS.
func KindOf(name string) Kind {
	switch strings.ToLower(path.Ext(name)) {
	case ".ts", ".mts", ".cts":
		return TS
	case ".json":
		return JSON
	}
	return JS
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
	if KindOf(name) != TS {
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
		return "", nil, NewSyntaxError(name, line, col, text)
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
	hoistJestCalls(inner.Body)
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
			return nil, NewSyntaxError(where, pos.Line, pos.Column, cse.Message)
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

// NewSyntaxError builds the error every syntax problem is reported as: "SyntaxError: name:line:col: msg",
// or "SyntaxError: name: msg" when line is 0.
func NewSyntaxError(name string, line, col int, msg string) *goja.CompilerSyntaxError {
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

func (e *parseError) Error() string { return NewSyntaxError(e.name, e.line, e.col, e.msg).Error() }

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
