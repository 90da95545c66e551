// Package testrunner runs jest-style test files of a mini program against the real wx
// API: the engine of `wxrun test` and of package wxtest.
//
// # Running
//
//	cfg, err := testrunner.LoadConfig(dir, "")         // jest.config.js/.json, package.json "jest"
//	files, err := cfg.Discover(cwd, args)               // testMatch, testPathIgnorePatterns, roots
//	summary, err := testrunner.Run(ctx, cfg, files, testrunner.Options{Reporters: …})
//
// Each file runs in a fresh runtime.Runtime with wxapi installed, the jest globals
// (js/runner.js over the jest bundle in third_party/jest) and the built-in modules
// "jest-websocket-mock" (wsmock.go, js/wsmock.js), "wxrun/http-mock" (httpmock.go,
// js/httpmock.js), "@jest/globals" and "wxrun/testing" (testing.go, js/testing.js: the
// project's pages, started with apphost.InstallProject in the file's own runtime).
// Options.Jobs files run at once.
//
// # Traces and recordings
//
// Options.Tracer traces every file's run (package trace), each file an instance of its
// own. A test file with a comment at its top, before any code, that says
//
//	/** @wxrun-replay recordings/login.jsonl */
//
// runs against that recording (package replay; the path is relative to the test file):
// its sockets and wx.request calls are served from it with no network, and each
// divergence from it fails the file.
//
// # Goroutines
//
// Run may be called from any goroutine and returns when every file is done. Each file's
// runtime loop runs on a goroutine of its own; goja values never leave it. Reporters are
// called one at a time. A file's watchdog (a time.AfterFunc) and the mock servers' HTTP
// and reader goroutines reach the loop only through Runtime.Submit and context
// cancellation (an HTTP mock's handler waits for the answer its route gives on the loop);
// all of them have ended when Run returns.
//
// # Reports
//
// DefaultReporter prints jest's human report as files finish; JUnitReporter, TAPReporter
// and JSONReporter (jest's --json result) write the whole run at the end, in file order.
package testrunner
