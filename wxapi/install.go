package wxapi

import (
	"sync"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/trace"
)

// API is the Go-side handle of an installed wx object. Its methods are loop goroutine
// only unless documented otherwise.
type API struct {
	host Host
	vm   *goja.Runtime
	cfg  config
	wx   *goja.Object
	tr   *trace.Tracer // the runtime's (tracerOf); nil: not traced

	sockets socketRegistry
	app     appState

	link      *link        // the emulated network every connection goes through
	network   networkState // wx.onNetworkStatusChange listeners
	networkMu sync.Mutex   // serializes SetNetwork
	requests  requestRegistry
	downloads requestRegistry // wx.downloadFile (transfer.go)
	uploads   requestRegistry // wx.uploadFile
	files     fileStore       // the user's files (files.go)

	requestSeq int64 // the number of the last request, download or upload made, for the trace

	toStringTag goja.Callable // Object.prototype.toString, for WeChat's type names
	errorCtor   goja.Value    // Error, for what *Sync APIs throw

	storage storageState
	ui      uiState
	canIUse canIUseState
}

// Install defines the global `wx` on h. Call it once, after runtime.New and before the
// first Run*, from the goroutine that created the runtime. App(), getApp(), Page() and
// the navigation functions are the project host's (package apphost), which installs them
// on top.
func Install(h Host, opts ...Option) (*API, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	if _, err := ParseNetwork(string(cfg.network)); err != nil {
		return nil, err
	}
	a := &API{host: h, vm: h.VM(), cfg: cfg, tr: tracerOf(h)}
	a.wx = a.vm.NewObject()
	a.link = newLink(cfg.network)
	a.installSocket()
	a.installRequest()
	a.installTransfers()
	a.installNetwork()
	a.installApp()
	if err := a.installSurface(); err != nil {
		return nil, err
	}
	if err := a.vm.Set("wx", a.wx); err != nil {
		return nil, err
	}
	h.OnShutdown(a.shutdown)
	return a, nil
}

// WX returns the wx object. Loop goroutine only.
func (a *API) WX() *goja.Object { return a.wx }
