// Package apphost runs a whole WeChat Mini Program project headlessly: App, Page,
// Component and Behavior, the page stack and its navigation, the app's foreground and
// background, and the teardown of a user closing it — on top of a runtime (package
// runtime) with wx installed (package wxapi). There is no rendering layer: what a page
// "shows" is the data its setData calls sent to the view.
//
// # Running a project
//
//	p, err := wxapi.LoadProject("./my-mini-program")
//	h, err := apphost.Open(p, apphost.WithEntryPage("pages/chat/chat?room=1"))
//	defer h.Close()
//	err = h.Run(ctx)                  // launch, then the event loop until nothing is pending
//	err = h.Exit(context.Background()) // teardown: onHide, App.onHide, onUnload top-down
//	pages := h.FinalPages()            // each page's route, query and final data
//
// Open checks app.json (pages, subpackages, tabBar, entryPagePath) and queues the launch;
// OpenScript runs a single script instead, where App() still gets onLaunch and onShow.
// Install adds the same globals to a runtime the caller runs itself, and InstallProject
// a project's, for a harness that launches it in its own runtime (package testrunner's
// wxrun/testing): the runtime may read the folder above a miniprogramRoot (MapRequest
// maps "/x"), and the loop-goroutine methods Launch, Navigate, CurrentPages, PageData,
// EnterBackground, EnterForeground and Teardown drive it.
//
// # Lifecycles
//
// The orders follow the logic-layer spec (§10.4); where WeChat is silent the choice is
// written in the README's decisions:
//
//   - cold start: app.js, the main package's page files (the entry page's only with
//     lazyCodeLoading), App.onLaunch, App.onShow, then the entry page: created and attached
//     lifetimes, onLoad(query), pageLifetimes.show and onShow, and on a later turn the
//     ready lifetimes and onReady;
//   - navigateTo: the current page's onHide, the new page loads; success before its onReady;
//   - redirectTo: the current page's onUnload (then detached), the new page loads;
//   - navigateBack: onUnload of the pages on top, top first, then onShow of the page revealed;
//   - reLaunch: onUnload of every page, tab pages kept alive included, the new page loads;
//   - switchTab: onUnload of the pages that are not tabs, onHide of the current tab page,
//     then the target shows (onShow) or loads; tab pages stay alive;
//   - to the background: the current page's onHide, App.onHide, wx.onAppHide listeners; a
//     stay longer than WithInterruptSocketsAfter closes sockets with reason "interrupted";
//   - to the foreground: App.onShow, wx.onAppShow listeners, the current page's onShow;
//   - teardown (Exit, wx.exitMiniProgram): if in the foreground, the current page's onHide,
//     App.onHide and wx.onAppHide; then onUnload from the top of the stack down, then of the
//     tab pages kept alive off the stack.
//
// Exceptions thrown by lifecycle methods, observers and setData callbacks are reported
// like any uncaught error (printed with the user's frames, App.onError, wx.onError) and
// the program goes on.
//
// # The component model
//
// framework.js, compiled once per process and run in each runtime, implements Page,
// Component and Behavior as WeChat's base library does in JavaScript: data and properties
// (types, defaults, conversion of the page query, observers), methods, lifetimes,
// pageLifetimes, observers with paths and "**", behaviors merged in WeChat's order, and
// setData with data paths, JSON copies, the 1024 kB limit and the DevTools' warnings. Its
// frames are left out of printed stacks (runtime.InternalSourcePrefix). Go drives it:
// which file is loading (Page() registers for it), navigation, timing and teardown.
//
// # Subpackages
//
// Pages of app.json's subPackages load when the subpackage is first entered, and a
// runtime.RequireCheck applies WeChat's rules for requiring across packages:
// require.async (or require with a callback) to reach another subpackage, no main
// package for an independent one.
//
// # Tracing
//
// A runtime traced with runtime.WithTracer (pass it with WithRuntime) also records the
// App lifecycle calls (with the launch or enter options' path and query), each page's
// lifecycle calls (its number, route, and query for onLoad) and every setData that reaches
// a page's view, as the JSON of its changes.
//
// # Goroutines
//
// See Host: Run's goroutine is the loop goroutine; the methods taking a context (Pages,
// NavigateTo, Background, …) are for other goroutines and wait for the loop; those marked
// "loop goroutine only" are for jobs and JavaScript callbacks. No goja value leaves the
// loop goroutine: pages are returned as PageState, their data as JSON.
package apphost
