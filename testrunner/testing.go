package testrunner

import "github.com/dop251/goja"

// TestingModule is the name of the built-in module with wxrun's own test helpers.
const TestingModule = "wxrun/testing"

func (f *fileRun) testingModule() goja.Value { return f.vm.NewObject() }
