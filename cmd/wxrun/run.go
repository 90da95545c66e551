package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wxrun/wxrun/apphost"
	"github.com/wxrun/wxrun/devserver"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

const runLong = `Runs the mini program project in DIR — a folder holding project.config.json or
app.json — as WeChat does: app.js, the page files, App.onLaunch and App.onShow, then the
entry page (--page, else app.json's entryPagePath, else its first page) with onLoad,
onShow and onReady. 'wxrun DIR/app.js' runs the project too when app.json lists pages.
Any other FILE.js runs as the main module of a logic layer (with the globals wx, App,
getApp, Page, require, console and timers). 'wxrun DIR' and 'wxrun FILE.js' are the same
command. Flags may come before or after DIR or FILE (and before 'run'); '--' ends the
flags.

The event loop runs until nothing is pending: no timer, no open or connecting socket.
Then, or at --timeout, SIGINT or SIGTERM (after interrupting the JavaScript running),
the program is torn down the way a user closing it would: the current page's onHide,
App.onHide, the wx.onAppHide listeners, then onUnload from the top of the page stack
down, so that clean-up code runs; what it starts gets 3 seconds to finish, then sockets
still open are closed with 1001.

The mini program root (what require("/x") and stack traces are relative to, and what
require may not leave) is:
  1. --root DIR, if given;
  2. else the nearest project found by walking up from FILE's directory to a folder
     holding project.config.json or app.json; if project.config.json sets
     miniprogramRoot, the root is that subfolder (unless FILE lies outside it, then
     the project folder);
  3. else the current directory, if FILE is inside it;
  4. else FILE's directory.
FILE is a path relative to the current directory; with --root, a FILE not found there
is looked up relative to the root. The project's settings apply unless a flag says
otherwise: appid, setting.urlCheck (project.private.config.json overrides
project.config.json) and app.json networkTimeout.connectSocket and
networkTimeout.request.`

const runExample = `  wxrun run examples/chat
  wxrun run --page 'pages/chat/chat?room=1' --print-data miniprogram
  wxrun run --background-after 2s --background-for 10s --timeout 30s miniprogram
  wxrun run app.js
  wxrun run --timeout 30s --url-check --allow-domain chat.example.com miniprogram/app.js
  wxrun run --serve 127.0.0.1:8080 examples/chat/app.js
  wxrun run --instances 1000 --ramp-up 10s --summary-json s.json --report r.html examples/load`

func newRunCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:               "run [flags] DIR | FILE.js",
		Short:             "Run a project or a script ('wxrun DIR|FILE.js' for short)",
		Long:              runLong,
		Example:           runExample,
		Args:              fileArgs(""),
		ValidArgsFunction: completeFile,
		Annotations:       map[string]string{exitStatusAnnotation: exitStatusHelp},
	}
	o := addRunFlags(cmd)
	o.addProjectFlags(cmd)
	cmd.RunE = o.runE
	return cmd
}

// addProjectFlags defines the flags of the project host, which 'wxrun test' (which shares
// the other run flags) has no use for.
func (o *runOptions) addProjectFlags(cmd *cobra.Command) {
	o.interruptSockets = apphost.DefaultInterruptAfter
	fs := cmd.Flags()
	fs.StringVar(&o.page, "page", "",
		"open the page `URL` at launch instead of app.json's entryPagePath or first page: a route with an optional query, such as 'pages/chat/chat?room=1' (projects only)")
	boolVar(fs, &o.printData, "print-data",
		"on exit, print the final data of every live page as one line of JSON on stdout: {\"pages\":[{\"route\":…,\"query\":{…},\"data\":{…}}]}")
	fs.Var(durationValue{&o.backgroundAfter}, "background-after",
		"send the mini program to the background `DUR` after launch (page onHide, App.onHide, wx.onAppHide); the run waits for it")
	fs.Var(durationValue{&o.backgroundFor}, "background-for",
		"with --background-after, bring it back to the foreground `DUR` later (App.onShow, wx.onAppShow, page onShow); default: it stays in the background")
	fs.Var(durationValue{&o.interruptSockets}, "interrupt-sockets-after",
		"in the background longer than `DUR`, open sockets are closed with onClose reason \"interrupted\" (as WeChat does on iOS); 0 = never")
	o.replay.define(fs)
	must(cmd.MarkFlagFilename("replay", "jsonl", "json"))
	o.load.define(cmd)
}

// runOptions are the values of the run flags.
type runOptions struct {
	root           string
	timeout        time.Duration
	urlCheck       bool
	allowDomains   []string
	requestDomains []string
	caFiles        []string
	maxSockets     int
	legacySingle   bool
	closeMode      wxapi.CloseWhileConnecting
	connectTimeout time.Duration
	requestTimeout time.Duration
	network        wxapi.Network
	maxMessageSize int64
	stackSize      int
	rejections     runtime.UnhandledRejections
	serve          string
	surface        surfaceFlags // storage, device, UI and login (flags_surface.go)

	// The downloadFile and uploadFile domain lists.
	downloadDomains, uploadDomains []string

	// The project host's flags.
	page             string
	printData        bool
	backgroundAfter  time.Duration
	backgroundFor    time.Duration
	interruptSockets time.Duration
	replay           replayFlags // --replay, --replay-timing (trace.go)
	load             loadFlags   // --instances and the flags of that mode (instances.go)

	trace traceFlags // --trace, --trace-max-payload, shared with 'wxrun test' (trace.go)

	flags *pflag.FlagSet // to tell a flag given on the command line (Changed) from a default
}

// addRunFlags defines the run flags on cmd and returns the options they set. The commands
// that run mini program code share them: the bare 'wxrun DIR|FILE.js', 'wxrun run' (and a
// 'wxrun test' would call this too). Each flag is defined here, once, with its help text;
// the help, the usage errors and shell completion are generated from these definitions,
// and TestREADMEFlags checks the README's table against them. A new run flag is a field
// of runOptions, one definition here and its use in wxOptions or runE.
func addRunFlags(cmd *cobra.Command) *runOptions {
	o := &runOptions{
		maxSockets:     wxapi.DefaultMaxSockets,
		maxMessageSize: wxapi.DefaultMaxMessageSize,
		stackSize:      runtime.DefaultMaxCallStackSize,
		network:        wxapi.NetworkWiFi,
		flags:          cmd.Flags(),
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&o.root, "root", "",
		"mini program root `DIR`: what require(\"/x\") and stack traces are relative to, and what require may not leave (default: found from FILE, see 'wxrun help run')")
	fs.Var(durationValue{&o.timeout}, "timeout",
		"stop after `DUR` (Go syntax: 500ms, 30s, 2m; 0 = no limit, the default), list what was still pending and exit 124")
	boolVar(fs, &o.urlCheck, "url-check",
		"enforce WeChat's socket domain rules: wss:// only, hosts from --allow-domain, no LAN addresses of other machines; --url-check=false turns them off (default: the project's setting.urlCheck, else off)")
	fs.StringArrayVar(&o.allowDomains, "allow-domain", nil,
		"add `HOST` to the socket domain list (socket合法域名) used by --url-check; any port; repeatable")
	fs.StringArrayVar(&o.requestDomains, "allow-request-domain", nil,
		"add `HOST` (or HOST:PORT) to the request domain list (request合法域名) used by --url-check; without a port, URLs may name none, not even :443; repeatable")
	fs.StringArrayVar(&o.downloadDomains, "allow-download-domain", nil,
		"add `HOST` (or HOST:PORT) to the downloadFile domain list (downloadFile合法域名) used by --url-check for wx.downloadFile; rules as --allow-request-domain; repeatable")
	fs.StringArrayVar(&o.uploadDomains, "allow-upload-domain", nil,
		"add `HOST` (or HOST:PORT) to the uploadFile domain list (uploadFile合法域名) used by --url-check for wx.uploadFile; rules as --allow-request-domain; repeatable")
	fs.StringArrayVar(&o.caFiles, "ca-file", nil,
		"add the certificates in the `PEM` file to the system roots for wss:// and https://; repeatable; verification is never turned off")
	fs.Var(intValue{&o.maxSockets}, "max-sockets",
		"allow `N` sockets to be connecting or open at once, as in WeChat; 0 = no limit")
	boolVar(fs, &o.legacySingle, "legacy-single-socket",
		"emulate base library < 1.7.0: one socket at most, and wx.connectSocket closes the existing one (code 1000) first")
	closeMode := enumValue[wxapi.CloseWhileConnecting]{&o.closeMode, closeModes}
	fs.Var(closeMode, "close-while-connecting",
		"what closing a socket during its handshake does: ignore reports ok and the socket still opens (as documented); abort fires onError, then onClose 1006 (as on Android)")
	fs.Var(durationValue{&o.connectTimeout}, "connect-timeout",
		"opening-handshake timeout `DUR` when wx.connectSocket passes no timeout (default: app.json networkTimeout.connectSocket, else "+formatDuration(wxapi.DefaultConnectTimeout)+")")
	fs.Var(durationValue{&o.requestTimeout}, "request-timeout",
		"wx.request timeout `DUR` when the call passes no timeout (default: app.json networkTimeout.request, else "+formatDuration(wxapi.DefaultRequestTimeout)+")")
	network := enumValue[wxapi.Network]{&o.network, networkModes}
	fs.Var(network, "network",
		"the network the run starts on, as wx.getNetworkType reports it; 4g, 3g and 2g also add the DevTools' throttling presets' latency and bandwidth to every socket and request, offline fails them")
	fs.Var(byteSizeValue{&o.maxMessageSize}, "max-message-size",
		"largest incoming message, `BYTES`: a number of bytes, or with a KiB, MiB or GiB suffix")
	fs.Var(intValue{&o.stackSize}, "stack-size",
		"JavaScript call depth `N` at which \"RangeError: Maximum call stack size exceeded\" is thrown")
	rejections := enumValue[runtime.UnhandledRejections]{&o.rejections, rejectionModes}
	fs.Var(rejections, "unhandled-rejections",
		"what an unhandled promise rejection does: strict reports it and fails the run (exit 1); warn reports it as a warning and leaves the exit status alone, for SDKs that leave harmless rejections behind (as Node's switch of that name)")
	fs.StringVar(&o.serve, "serve", "",
		"also run the built-in WebSocket server on `ADDR` (loopback only, such as 127.0.0.1:8080 or 127.0.0.1:0) during the run; its URL is printed on stderr. Nothing is passed to the script: point its configuration at the URL")

	o.surface.define(cmd)
	o.trace.define(cmd)

	must(cmd.MarkFlagDirname("root"))
	must(cmd.MarkFlagFilename("ca-file", "pem", "crt"))
	must(cmd.RegisterFlagCompletionFunc("close-while-connecting", closeMode.complete))
	must(cmd.RegisterFlagCompletionFunc("unhandled-rejections", rejections.complete))
	must(cmd.RegisterFlagCompletionFunc("network", network.complete))
	return o
}

// runE runs the DIR or FILE that fileArgs let through.
func (o *runOptions) runE(cmd *cobra.Command, args []string) (err error) {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if err := o.validate(); err != nil {
		return err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	target, err := resolveTarget(args[0], o.root, cwd)
	if err != nil {
		return err
	}
	if o.page != "" && !target.asProject {
		return usageErrorf("--page needs a project: a DIR (or its app.js) whose app.json lists pages")
	}
	if o.flags.Changed("background-for") && !o.flags.Changed("background-after") {
		return usageErrorf("--background-for needs --background-after")
	}
	shard, err := o.load.check(o.flags.Changed)
	if err != nil {
		return err
	}
	instances := o.flags.Changed("instances")
	if instances && o.replay.file != "" {
		return usageErrorf("--replay serves one run: it cannot be combined with --instances")
	}
	if instances && o.printData {
		return usageErrorf("--print-data prints one run's pages: it cannot be combined with --instances")
	}
	o.surface.inMemory = instances
	settings := target.project
	if target.asProject {
		settings = nil // apphost.Open applies the project's settings itself
	}
	wxOpts, err := o.wxOptions(settings)
	if err != nil {
		return err
	}
	if o.replay.file != "" && o.trace.file != "" && sameDir(o.replay.file, o.trace.file) { // a file, here
		return usageErrorf("--trace %s would overwrite the recording --replay reads: give it another file", o.trace.file)
	}
	session, err := o.replay.session(o.flags.Changed)
	if err != nil {
		return err
	}
	if session != nil {
		wxOpts = append(wxOpts, wxapi.WithTransport(session))
	}

	if o.serve != "" {
		srv, err := devserver.Start(o.serve)
		if err != nil {
			if errors.Is(err, devserver.ErrNonLoopback) {
				return usageErrorf("--serve %s: not a loopback address (the built-in server is for local use; see 'wxrun serve --public')", o.serve)
			}
			return fmt.Errorf("--serve: %w", err)
		}
		defer srv.Close()
		fmt.Fprintf(stderr, "wxrun: serving %s (endpoints /echo, /chat and POST /login)\n", srv.URL())
	}

	tr, finishTrace, err := o.trace.open()
	if err != nil {
		if session != nil {
			session.Close()
		}
		return err
	}
	defer func() {
		// The replay's divergences first: the trace records the exit status they give.
		if session != nil {
			err = o.replay.finish(session, err, stderr)
		}
		err = finishTrace(err)
	}()

	run := scriptRun{
		tracer:     tr,
		files:      runtime.WithRoot(target.root),
		file:       target.rel,
		timeout:    o.timeout,
		stackSize:  o.stackSize,
		rejections: o.rejections,
		wxOptions:  wxOpts,
		hostOptions: []apphost.Option{
			apphost.WithInterruptSocketsAfter(o.interruptSockets),
		},
		printData: o.printData,
		stdout:    stdout,
		stderr:    stderr,
	}
	if target.asProject {
		run.project = target.project
	}
	if o.page != "" {
		run.hostOptions = append(run.hostOptions, apphost.WithEntryPage(o.page))
	}
	if o.flags.Changed("background-after") {
		run.hostOptions = append(run.hostOptions, apphost.WithBackground(o.backgroundAfter, o.backgroundFor))
	}
	if instances {
		return o.runInstances(run, shard, tr)
	}
	return runScript(run)
}

func (o *runOptions) validate() error {
	if o.maxSockets < 0 {
		return usageErrorf("--max-sockets must be 0 (no limit) or more, got %d", o.maxSockets)
	}
	if o.stackSize <= 0 {
		return usageErrorf("--stack-size must be positive, got %d", o.stackSize)
	}
	if o.flags.Changed("connect-timeout") && o.connectTimeout <= 0 {
		return usageErrorf("--connect-timeout must be positive")
	}
	if o.flags.Changed("request-timeout") && o.requestTimeout <= 0 {
		return usageErrorf("--request-timeout must be positive")
	}
	for _, h := range o.allowDomains {
		if h == "" || strings.ContainsAny(h, "/ ") {
			return usageErrorf("--allow-domain %q: want a host name such as example.com, not a URL", h)
		}
	}
	for _, h := range o.requestDomains {
		if h == "" || strings.ContainsAny(h, "/ ") {
			return usageErrorf("--allow-request-domain %q: want a host name such as api.example.com (or api.example.com:8443), not a URL", h)
		}
	}
	for flag, hosts := range [][]string{o.downloadDomains, o.uploadDomains} {
		for _, h := range hosts {
			if h == "" || strings.ContainsAny(h, "/ ") {
				return usageErrorf("--%s %q: want a host name such as dl.example.com (or dl.example.com:8443), not a URL", []string{"allow-download-domain", "allow-upload-domain"}[flag], h)
			}
		}
	}
	return nil
}

// wxOptions builds the wx API options: the project's settings first, then the flags given
// on the command line, which override them.
func (o *runOptions) wxOptions(p *wxapi.Project) ([]wxapi.Option, error) {
	var opts []wxapi.Option
	if p != nil {
		opts = append(opts, p.Options()...)
	}
	device, err := o.surface.deviceOptions()
	if err != nil {
		return nil, err
	}
	opts = append(opts, device...)
	if o.flags.Changed("url-check") {
		opts = append(opts, wxapi.WithURLCheck(o.urlCheck))
	}
	if len(o.allowDomains) > 0 {
		opts = append(opts, wxapi.WithAllowedDomains(o.allowDomains...))
	}
	if len(o.requestDomains) > 0 {
		opts = append(opts, wxapi.WithRequestDomains(o.requestDomains...))
	}
	if len(o.downloadDomains) > 0 {
		opts = append(opts, wxapi.WithDownloadDomains(o.downloadDomains...))
	}
	if len(o.uploadDomains) > 0 {
		opts = append(opts, wxapi.WithUploadDomains(o.uploadDomains...))
	}
	if len(o.caFiles) > 0 {
		pool, err := loadCAs(o.caFiles)
		if err != nil {
			return nil, err
		}
		opts = append(opts, wxapi.WithRootCAs(pool))
	}
	opts = append(opts, wxapi.WithMaxSockets(o.maxSockets))
	if o.legacySingle {
		opts = append(opts, wxapi.WithLegacySingleSocket(true))
	}
	if o.flags.Changed("close-while-connecting") {
		opts = append(opts, wxapi.WithCloseWhileConnecting(o.closeMode))
	}
	if o.flags.Changed("connect-timeout") {
		opts = append(opts, wxapi.WithConnectTimeout(o.connectTimeout))
	}
	if o.flags.Changed("request-timeout") {
		opts = append(opts, wxapi.WithRequestTimeout(o.requestTimeout))
	}
	opts = append(opts, wxapi.WithNetwork(o.network))
	opts = append(opts, wxapi.WithMaxMessageSize(o.maxMessageSize))
	surface, err := o.surface.options()
	if err != nil {
		return nil, err
	}
	return append(opts, surface...), nil
}
