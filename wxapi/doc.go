// Package wxapi installs the mini program `wx` object onto a runtime: the WebSocket API
// (wx.connectSocket, SocketTask and the legacy wx.*Socket* globals) backed by real
// gorilla/websocket connections, wx.request backed by net/http, the network status API
// over an emulated network (offline, cellular throttling), the app-level error events
// (App, getApp, Page and navigation belong to the project host, package apphost), and the
// APIs mini programs call next to the sockets: storage (persisted in a bbolt file when
// asked), downloads, uploads and the files they need, device and app info from a device profile, UI calls with no view (recorded),
// login, canIUse and the rest of the usual surface. It
// reproduces WeChat's behaviour down to its quirks — errMsg texts, callback order, the
// socket cap, the global-task slot, close codes — as written down in the behaviour spec
// (shared/spec/wx-socket.md); where WeChat's clients differ, the README's "Behaviour
// decisions" say what wxrun does.
//
// # Installing
//
//	rt, _ := runtime.New(runtime.WithRoot(dir))
//	api, err := wxapi.Install(rt, wxapi.WithMaxSockets(0))
//	err = rt.RunFile(ctx, "app.js")
//
// Install must run before the runtime's first Run*, on the goroutine that created it.
// Options mirror the CLI flags; LoadProject reads project.config.json and app.json and
// turns them into options (LoadProjectFS does the same from an fs.FS, such as an
// embed.FS).
//
// # API families
//
// One file per family, each function linking to its WeChat documentation page:
//
//   - socket.go: wx.connectSocket and its option parsing; urlcheck.go: the URL rules of
//     WeChat's domain lists, one set of rules for the socket and request lists
//   - request.go: wx.request's options and data encoding; request_task.go: RequestTask,
//     the 10-request limit and its queue; request_http.go: the HTTP exchange, its errors
//     in Chromium's words and res.profile
//   - network.go: wx.getNetworkType, wx.on/offNetworkStatusChange and SetNetwork;
//     network_link.go: the emulated link every socket and request dials through
//   - socket_task.go: SocketTask — send, close, onOpen/onMessage/onError/onClose, readyState
//   - socket_global.go: wx.sendSocketMessage, wx.closeSocket, wx.onSocketOpen/Message/Error/Close
//   - app.go: wx.onError/offError, wx.onUnhandledRejection/offUnhandledRejection, and the
//     handler through which the project host passes errors on to App.onError
//   - callback.go: the one place errMsg strings, success/fail/complete and Promises are made
//   - define.go: DefineAsync and Call, the same rules for wx functions defined elsewhere
//     (the project host's navigation) and for new families; sync.go: the plain and *Sync
//     functions, and what a failing *Sync function throws
//   - device.go: the info APIs (wx.getSystemInfoSync, getWindowInfo, …) from a device
//     profile (profiles/*.json, WithDevice), which also selects the platform's behaviours
//   - ui.go: wx.showToast, showModal … with no view: checked, answered (WithModalAnswer),
//     recorded (UICalls, OnUICall, WithVerbose)
//   - misc.go: wx.login, checkSession, nextTick, base64, log managers, wx.env
//   - caniuse.go: wx.canIUse from what is installed, and the report of a call of a WeChat
//     API wxrun does not implement (wxnames.go: the documented names)
//   - harness.go: Reset and SocketsInProgress, for a test harness that starts a mini
//     program again in the same runtime (package testrunner's wxrun/testing)
//   - transport.go: WithTransport, the seam where something other than the network (a
//     replay of a recorded trace, package replay) carries sockets and requests;
//     trace.go: what the API traces when the runtime has a tracer
//   - storage.go: wx.setStorage … batchGetStorageSync, over internal/kvstore (memory, or
//     a bbolt file per project: WithDataDir, WithStorageFile)
//   - transfer.go: wx.downloadFile and wx.uploadFile, DownloadTask and UploadTask, on
//     wx.request's machinery (one requestRegistry per API: its own slots and domain list);
//     files.go: the project's file area (FilesDir, or a temporary directory), reached
//     only through an os.Root, with atomic writes and the 200 MB limit; fsm.go:
//     wx.getFileSystemManager() and its functions, and their errMsg texts
//
// # Concurrency
//
// Everything that touches JavaScript runs on the runtime's loop goroutine. Each open
// socket has exactly two goroutines of its own (socket_conn.go): one that dials and then
// owns every read, and one that owns every write, as gorilla/websocket requires. They
// reach the script only through Host.Submit, in order — messages are batched per burst,
// send outcomes come in send order, and the last event (onClose, or a terminal onError)
// is submitted only once the writer has stopped, after every outcome — and the socket's
// runtime.Hold keeps the program alive until that last event has been submitted. No goja
// value ever crosses to those goroutines; bytes sent from an ArrayBuffer are copied first.
//
// Each running wx.request has one goroutine (request_http.go) that makes the exchange and
// submits its events in order — headers, chunks, then the outcome, last — and a Hold
// from the call (queued requests included) until that outcome has been submitted; the
// request's data is encoded into bytes on the loop before the goroutine starts. Queuing,
// abort and delivery happen on the loop; an aborted or finished task ignores late events.
// The emulated link (network_link.go) is shared by every connection of an API and is
// safe from any goroutine; SetNetwork changes it and submits the listeners' event. When the runtime shuts down (timeout, signal, Close), every
// socket is closed with 1001 and its goroutines are waited for. InterruptSockets ends them
// as a phone does after a long time in the background: 1001 to the server, onClose with
// reason "interrupted" to the script.
//
// A download or upload has a request's goroutine; it writes the body to a partial file
// and renames it into place, or streams the multipart body, and submits its progress
// coalesced: one delivery job pending at a time, carrying the latest state. File system
// calls run on the loop goroutine when they are made.
//
// Storage operations run in call order on one queue per API: a sync call runs on the loop
// goroutine (waiting for earlier async calls), async calls on a goroutine that exists
// while the queue is not empty and submits each outcome to the loop, holding the loop
// alive meanwhile. Values are converted to and from JavaScript on the loop goroutine only.
//
// # Memory
//
// Incoming messages are limited to WithMaxMessageSize (10 MiB) while they are read, and a
// socket stops reading while 4 MiB of received messages wait for the script, so a fast
// server is slowed by TCP flow control instead of filling memory.
package wxapi
