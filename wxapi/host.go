package wxapi

import (
	"io"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
)

// Host is what the wx API needs from the runtime it is installed on. *runtime.Runtime
// implements it; the methods keep runtime's threading contract (see package runtime):
// Submit and Hold are safe from any goroutine, everything else is loop goroutine only.
type Host interface {
	VM() *goja.Runtime
	Submit(job func()) bool
	Hold(what string) *runtime.Hold
	CallFunction(fn, this goja.Value, args ...goja.Value) (goja.Value, bool)
	NewPromiseFrom(api string) (promise *goja.Promise, resolve, reject func(reason any) error)
	ReportError(err error)
	OnError(hook func(*runtime.ErrorEvent))
	OnShutdown(hook func())
	SharedGlobal() *goja.Object
	Root() string
	Stderr() io.Writer
}

var _ Host = (*runtime.Runtime)(nil)
