package testrunner

import (
	_ "embed"

	"github.com/dop251/goja"
)

//go:embed js/wsmock.js
var wsmockSource string

func (f *fileRun) wsmockHost() goja.Value { return f.vm.NewObject() }
