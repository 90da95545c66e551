package compile

import (
	"github.com/dop251/goja/ast"
)

// hoistedJestCalls are the methods of the global `jest` whose top-level calls run before
// everything else in a file, as babel-plugin-jest-hoist arranges under jest: a test can
// import a module and then jest.mock it, and the import sees the mock.
var hoistedJestCalls = map[string]bool{
	"mock": true, "unmock": true, "deepUnmock": true, "enableAutomock": true, "disableAutomock": true,
}

// hoistJestCalls moves the top-level statements `jest.mock(…)` (and the other
// hoistedJestCalls) of a module body to its start, after the directive prologue, keeping
// their order. Only the order of statements changes; every position stays the file's own.
// A file that declares its own top-level `jest` is left alone, and outside `wxrun test`,
// where there is no global jest, such a statement throws a ReferenceError either way.
func hoistJestCalls(body *ast.BlockStatement) {
	if body == nil || declaresJest(body.List) {
		return
	}
	var hoisted, rest []ast.Statement
	for _, st := range body.List {
		if isHoistedJestCall(st) {
			hoisted = append(hoisted, st)
		} else {
			rest = append(rest, st)
		}
	}
	if len(hoisted) == 0 {
		return
	}
	prologue := 0
	for prologue < len(rest) && isDirective(rest[prologue]) {
		prologue++
	}
	out := make([]ast.Statement, 0, len(body.List))
	out = append(out, rest[:prologue]...)
	out = append(out, hoisted...)
	body.List = append(out, rest[prologue:]...)
}

func isHoistedJestCall(st ast.Statement) bool {
	es, ok := st.(*ast.ExpressionStatement)
	if !ok {
		return false
	}
	call, ok := es.Expression.(*ast.CallExpression)
	if !ok {
		return false
	}
	dot, ok := call.Callee.(*ast.DotExpression)
	if !ok {
		return false
	}
	id, ok := dot.Left.(*ast.Identifier)
	return ok && id.Name == "jest" && hoistedJestCalls[dot.Identifier.Name.String()]
}

func isDirective(st ast.Statement) bool {
	es, ok := st.(*ast.ExpressionStatement)
	if !ok {
		return false
	}
	_, ok = es.Expression.(*ast.StringLiteral)
	return ok
}

// declaresJest reports whether the statements declare `jest` at their level (var, let,
// const, function or class).
func declaresJest(list []ast.Statement) bool {
	isJest := func(t ast.BindingTarget) bool {
		id, ok := t.(*ast.Identifier)
		return ok && id.Name == "jest"
	}
	for _, st := range list {
		switch s := st.(type) {
		case *ast.VariableStatement:
			for _, b := range s.List {
				if isJest(b.Target) {
					return true
				}
			}
		case *ast.LexicalDeclaration:
			for _, b := range s.List {
				if isJest(b.Target) {
					return true
				}
			}
		case *ast.FunctionDeclaration:
			if s.Function != nil && s.Function.Name != nil && s.Function.Name.Name == "jest" {
				return true
			}
		case *ast.ClassDeclaration:
			if s.Class != nil && s.Class.Name != nil && s.Class.Name.Name == "jest" {
				return true
			}
		}
	}
	return false
}
