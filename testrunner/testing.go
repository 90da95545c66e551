package testrunner

import "github.com/dop251/goja"

// TestingModule is the name of the built-in module with wxrun's own test helpers,
// `require('wxrun/testing')`. The name is reserved now; the module is empty until the
// project host (App/Page/navigation) and the network layer (offline, throttling) are
// merged. Its API, to be built on their Go APIs, is:
//
//	const { loadProject } = require('wxrun/testing');
//	const app = await loadProject({ root: '.', query: {}, scene: 1001 }); // App onLaunch/onShow ran
//	const page = await app.open('pages/chat/chat?room=lobby');          // onLoad(query), onShow, onReady
//	page.data;                                                          // the data setData built
//	await page.call('onSend', { detail: { value: 'hi' } });             // a method, as a tap calls it
//	await app.navigateTo('pages/room/room?id=1'); app.currentPage;      // navigation and the page stack
//	await app.background(); await app.foreground();                     // onHide/onShow, sockets' "interrupted"
//	await app.offline(); await app.online();                            // wx.onNetworkStatusChange, failing requests
//	await page.unload();                                                // onUnload: the page closes its socket
//
// Each call runs on the file's loop goroutine and resolves after the lifecycle callbacks
// and their microtasks have run, so a test reads the page's state right after awaiting.
// loadProject uses the host's loop-goroutine Require entry point on the test file's own
// runtime (pages and the test share one logic layer, as on a phone); offline/online are
// a seam for the network engineer's API: they will call wxapi's network-status control.
const TestingModule = "wxrun/testing"

// testingModule returns the module's exports: empty until the host lands (see above).
func (f *fileRun) testingModule() goja.Value { return f.vm.NewObject() }
