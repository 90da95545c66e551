package main

import (
	"context"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/wxrun/wxrun/devserver"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// runOptions are the run command's flags.
type runOptions struct {
	root           string
	timeout        time.Duration
	urlCheck       bool
	allowDomains   []string
	caFiles        []string
	maxSockets     int
	legacySingle   bool
	closeMode      wxapi.CloseWhileConnecting
	connectTimeout time.Duration
	maxMessageSize int64
	stackSize      int
	serve          string

	set map[string]bool // flags given on the command line
}

func newRunFlags(o *runOptions) *flag.FlagSet {
	fs := flag.NewFlagSet("wxrun run", flag.ContinueOnError)
	o.maxSockets = wxapi.DefaultMaxSockets
	o.connectTimeout = wxapi.DefaultConnectTimeout
	o.maxMessageSize = wxapi.DefaultMaxMessageSize
	o.stackSize = runtime.DefaultMaxCallStackSize
	fs.StringVar(&o.root, "root", "", "")
	fs.Var(durationValue{&o.timeout}, "timeout", "")
	fs.BoolVar(&o.urlCheck, "url-check", false, "")
	fs.Var(listValue{&o.allowDomains}, "allow-domain", "")
	fs.Var(listValue{&o.caFiles}, "ca-file", "")
	fs.IntVar(&o.maxSockets, "max-sockets", o.maxSockets, "")
	fs.BoolVar(&o.legacySingle, "legacy-single-socket", false, "")
	fs.Var(closeModeValue{&o.closeMode}, "close-while-connecting", "")
	fs.Var(durationValue{&o.connectTimeout}, "connect-timeout", "")
	fs.Var(byteSizeValue{&o.maxMessageSize}, "max-message-size", "")
	fs.IntVar(&o.stackSize, "stack-size", o.stackSize, "")
	fs.StringVar(&o.serve, "serve", "", "")
	return fs
}

func runCommand(args []string, stdout, stderr io.Writer) error {
	var o runOptions
	fs := newRunFlags(&o)
	pos, err := parseFlags(fs, args, runUsage, stdout)
	if err != nil {
		return err
	}
	o.set = map[string]bool{}
	fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	switch {
	case len(pos) == 0:
		return usageErrorf("no FILE to run")
	case len(pos) > 1:
		return usageErrorf("expected one FILE, got %d arguments: %s", len(pos), strings.Join(pos, " "))
	}
	if err := o.validate(); err != nil {
		return err
	}

	cwd, err := os.Getwd()
	if err != nil {
		return err
	}
	target, err := resolveTarget(pos[0], o.root, cwd)
	if err != nil {
		return err
	}
	wxOpts, err := o.wxOptions(target.project)
	if err != nil {
		return err
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
		fmt.Fprintf(stderr, "wxrun: serving %s (endpoints /echo and /chat)\n", srv.URL())
	}

	return runScript(scriptRun{
		root:      target.root,
		file:      target.rel,
		timeout:   o.timeout,
		stackSize: o.stackSize,
		wxOptions: wxOpts,
		stdout:    stdout,
		stderr:    stderr,
	})
}

func (o *runOptions) validate() error {
	if o.maxSockets < 0 {
		return usageErrorf("--max-sockets must be 0 (no limit) or more, got %d", o.maxSockets)
	}
	if o.stackSize <= 0 {
		return usageErrorf("--stack-size must be positive, got %d", o.stackSize)
	}
	if o.set["connect-timeout"] && o.connectTimeout <= 0 {
		return usageErrorf("--connect-timeout must be positive")
	}
	for _, h := range o.allowDomains {
		if h == "" || strings.ContainsAny(h, "/ ") {
			return usageErrorf("--allow-domain %q: want a host name such as example.com, not a URL", h)
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
	if o.set["url-check"] {
		opts = append(opts, wxapi.WithURLCheck(o.urlCheck))
	}
	if len(o.allowDomains) > 0 {
		opts = append(opts, wxapi.WithAllowedDomains(o.allowDomains...))
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
	if o.set["close-while-connecting"] {
		opts = append(opts, wxapi.WithCloseWhileConnecting(o.closeMode))
	}
	if o.set["connect-timeout"] {
		opts = append(opts, wxapi.WithConnectTimeout(o.connectTimeout))
	}
	opts = append(opts, wxapi.WithMaxMessageSize(o.maxMessageSize))
	return opts, nil
}

// loadCAs returns the system roots plus the certificates in files.
func loadCAs(files []string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	for _, f := range files {
		pem, err := os.ReadFile(f)
		if err != nil {
			return nil, usageErrorf("--ca-file: %v", pathError(err))
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, usageErrorf("--ca-file %s: no PEM certificate found in the file", f)
		}
	}
	return pool, nil
}

// target is what to run: the root, the file relative to it and the project, if any.
type target struct {
	root    string
	rel     string
	project *wxapi.Project
}

// resolveTarget finds the file to run and the mini program root (see runUsage).
func resolveTarget(file, rootFlag, cwd string) (*target, error) {
	abs := absFrom(cwd, file)
	if rootFlag != "" {
		root := absFrom(cwd, rootFlag)
		st, err := os.Stat(root)
		if err != nil {
			return nil, usageErrorf("--root: %v", pathError(err))
		}
		if !st.IsDir() {
			return nil, usageErrorf("--root %s: not a directory", rootFlag)
		}
		if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) && !filepath.IsAbs(file) {
			if alt := filepath.Join(root, file); fileExists(alt) {
				abs = alt
			}
		}
		if err := checkFile(file, abs); err != nil {
			return nil, err
		}
		rel, ok := within(root, abs)
		if !ok {
			return nil, usageErrorf("%s is outside the root %s", file, rootFlag)
		}
		t := &target{root: root, rel: rel}
		if dir, ok := wxapi.FindProject(root); ok {
			p, err := wxapi.LoadProject(dir)
			if err != nil {
				return nil, err
			}
			t.project = p
		}
		return t, nil
	}

	if err := checkFile(file, abs); err != nil {
		return nil, err
	}
	if dir, ok := wxapi.FindProject(filepath.Dir(abs)); ok {
		p, err := wxapi.LoadProject(dir)
		if err != nil {
			return nil, err
		}
		for _, root := range []string{p.Root, p.Dir} {
			if rel, ok := within(root, abs); ok {
				return &target{root: root, rel: rel, project: p}, nil
			}
		}
	}
	if rel, ok := within(cwd, abs); ok {
		return &target{root: cwd, rel: rel}, nil
	}
	return &target{root: filepath.Dir(abs), rel: filepath.Base(abs)}, nil
}

// checkFile makes sure the file to run exists and is a regular file.
func checkFile(name, abs string) error {
	st, err := os.Stat(abs)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return usageErrorf("%s: %v", name, pe.Err)
		}
		return usageErrorf("%v", err)
	}
	if st.IsDir() {
		return usageErrorf("%s is a directory; give the script to run, such as %s", name, filepath.Join(name, "app.js"))
	}
	return nil
}

func absFrom(cwd, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cwd, p)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// within returns p relative to dir if p lies inside dir, following symlinks in both.
func within(dir, p string) (string, bool) {
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	if q, err := filepath.EvalSymlinks(p); err == nil {
		p = q
	}
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// pathError shortens *fs.PathError texts: "open x.js: no such file or directory" → "x.js:
// no such file or directory".
func pathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// scriptRun is one run of a mini program script: everything runScript needs.
type scriptRun struct {
	root      string
	file      string // relative to root
	timeout   time.Duration
	stackSize int
	wxOptions []wxapi.Option
	stdout    io.Writer
	stderr    io.Writer
}

// runScript creates the runtime, installs wx and runs the file until it is done, the
// timeout expires or a signal arrives.
func runScript(s scriptRun) error {
	rt, err := runtime.New(
		runtime.WithRoot(s.root),
		runtime.WithStdout(s.stdout),
		runtime.WithStderr(s.stderr),
		runtime.WithMaxCallStackSize(s.stackSize),
	)
	if err != nil {
		return err
	}
	defer rt.Close()
	if _, err := wxapi.Install(rt, s.wxOptions...); err != nil {
		return fmt.Errorf("installing wx: %w", err)
	}

	ctx, received, stop := signalContext(context.Background())
	defer stop()
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}

	err = rt.RunFile(ctx, s.file)
	var te *runtime.TimeoutError
	if !errors.As(err, &te) {
		return err
	}
	if sig := received(); sig != nil {
		return &interrupted{sig: sig, err: err}
	}
	if errors.Is(te, context.DeadlineExceeded) && s.timeout > 0 {
		return &timedOut{after: s.timeout, err: te}
	}
	return err
}

// flagError rewrites the flag package's messages in the style of the help text
// ("--timeout" rather than "-timeout") and returns them as usage errors.
func flagError(err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return usageErrorf("unknown flag %s", dashes(strings.TrimLeft(name, "-")))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return usageErrorf("flag %s needs a value", dashes(strings.TrimLeft(name, "-")))
	}
	if strings.HasPrefix(msg, "invalid boolean value ") {
		msg = strings.TrimSuffix(msg, ": parse error") + ": want true or false"
	}
	msg = flagName.ReplaceAllStringFunc(msg, func(m string) string {
		i := strings.Index(m, "-")
		return m[:i] + dashes(m[i+1:len(m)-1]) + ":"
	})
	return &usageError{msg: msg}
}

var flagName = regexp.MustCompile(`for (?:flag )?-[A-Za-z0-9][A-Za-z0-9-]*:`)

func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}
