package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wxrun/wxrun/apphost"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/trace"
	"github.com/wxrun/wxrun/wxapi"
)

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
// asProject is set when the whole project runs — a project DIR, or the app.js of a
// project whose app.json lists pages — rather than the file alone.
type target struct {
	root      string
	rel       string
	project   *wxapi.Project
	asProject bool
}

// resolveTarget finds the file or project to run and the mini program root (see runLong).
func resolveTarget(file, rootFlag, cwd string) (*target, error) {
	abs := absFrom(cwd, file)
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		return projectTarget(file, abs, rootFlag)
	}
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
			t.asProject = isAppScript(p, root, rel)
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
				return &target{root: root, rel: rel, project: p, asProject: isAppScript(p, root, rel)}, nil
			}
		}
	}
	if rel, ok := within(cwd, abs); ok {
		return &target{root: cwd, rel: rel}, nil
	}
	return &target{root: filepath.Dir(abs), rel: filepath.Base(abs)}, nil
}

// projectTarget is a DIR to run as a project: it must hold project.config.json or app.json
// (or be the miniprogramRoot of the project above it). The project host checks its pages.
func projectTarget(name, abs, rootFlag string) (*target, error) {
	if rootFlag != "" {
		return nil, usageErrorf("--root cannot be used with a project DIR (%s): the project sets its root", name)
	}
	if dir, ok := wxapi.FindProject(abs); ok {
		p, err := wxapi.LoadProject(dir)
		if err != nil {
			return nil, err
		}
		if sameDir(p.Dir, abs) || sameDir(p.Root, abs) {
			return &target{root: p.Root, rel: "app.js", project: p, asProject: true}, nil
		}
	}
	return nil, usageErrorf("%s is a directory but not a mini program project (no %s or %s); give a DIR that holds one, or a script to run", name, wxapi.ProjectConfigFile, wxapi.AppConfigFile)
}

// isAppScript reports whether the file rel under root is the app.js (or app.ts) of the
// mini program root of p, and app.json lists pages: running it runs the project. A
// project without pages runs its app.js as a script, as it always did.
func isAppScript(p *wxapi.Project, root, rel string) bool {
	if len(p.Pages) == 0 || !sameDir(root, p.Root) {
		return false
	}
	r := filepath.ToSlash(rel)
	return r == "app.js" || r == "app.ts"
}

func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
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

// scriptRun is one run of a mini program: a project, or a script. Everything runScript
// needs.
type scriptRun struct {
	tracer      *trace.Tracer  // nil: not traced
	project     *wxapi.Project // run this project (its pages), else files and file
	files       runtime.Option // where the script is: runtime.WithRoot or runtime.WithFS
	file        string         // the main module of a script, relative to the root
	timeout     time.Duration
	stackSize   int
	rejections  runtime.UnhandledRejections
	wxOptions   []wxapi.Option
	hostOptions []apphost.Option
	printData   bool
	stdout      io.Writer
	stderr      io.Writer
}

// runScript runs the mini program with the project host until it is done, the timeout
// expires or a signal arrives, then tears it down the way a user closing it would (page
// onHide, App.onHide, onUnload from the top of the stack down), interrupting the
// JavaScript that was running first and giving the clean-up apphost.DefaultTeardownGrace.
func runScript(s scriptRun) error {
	h, err := openHost(s)
	if err != nil {
		return err
	}
	defer h.Close()

	ctx, received, stop := signalContext(context.Background())
	defer stop()
	if s.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
		defer cancel()
	}
	runErr := h.Run(ctx)
	stop() // a second signal during the teardown kills the process (default handling)
	exitErr := h.Exit(context.Background())
	if s.printData {
		if err := printPages(s.stdout, h.FinalPages()); err != nil {
			return err
		}
	}

	var te *runtime.TimeoutError
	if errors.As(exitErr, &te) {
		// The clean-up did not finish in time. That does not change how the run ended;
		// when it ended on its own, say so.
		if !errors.As(runErr, new(*runtime.TimeoutError)) {
			var b strings.Builder
			fmt.Fprintf(&b, "wxrun: the teardown was cut short after %v; still pending:\n", apphost.DefaultTeardownGrace)
			writePending(&b, te.Pending)
			io.WriteString(s.stderr, b.String())
		}
	}
	err = combineErrors(runErr, teardownErrors(exitErr))
	if errors.As(runErr, &te) {
		if sig := received(); sig != nil {
			return &interrupted{sig: sig, err: err}
		}
		if errors.Is(te, context.DeadlineExceeded) && s.timeout > 0 {
			return &timedOut{after: s.timeout, err: te}
		}
	}
	return err
}

// teardownErrors is what the teardown's result adds to the run's: a teardown cut short
// does not change how the run ended, but the uncaught errors it reported count.
func teardownErrors(exitErr error) error {
	var te *runtime.TimeoutError
	if !errors.As(exitErr, &te) {
		return exitErr
	}
	if len(te.Reported) > 0 {
		return &runtime.UncaughtErrors{Errors: te.Reported}
	}
	return nil
}

// openHost opens the project host for s: a project, or a script.
func openHost(s scriptRun) (*apphost.Host, error) {
	opts := append([]apphost.Option{
		apphost.WithRuntime(
			runtime.WithStdout(s.stdout),
			runtime.WithStderr(s.stderr),
			runtime.WithMaxCallStackSize(s.stackSize),
			runtime.WithUnhandledRejections(s.rejections),
			runtime.WithTracer(s.tracer),
		),
		apphost.WithWX(s.wxOptions...),
	}, s.hostOptions...)
	var (
		h   *apphost.Host
		err error
	)
	if s.project != nil {
		h, err = apphost.Open(s.project, opts...)
	} else {
		h, err = apphost.OpenScript(s.files, s.file, opts...)
	}
	return h, err
}

// combineErrors merges the results of the run and of its teardown: the run's ending
// (a timeout, a signal) wins; the uncaught errors of both are counted together.
func combineErrors(runErr, exitErr error) error {
	var ue *runtime.UncaughtErrors
	teardown, _ := exitErr.(*runtime.UncaughtErrors)
	switch {
	case exitErr == nil:
		return runErr
	case runErr == nil:
		return exitErr
	case errors.As(runErr, &ue) && teardown != nil:
		return &runtime.UncaughtErrors{Errors: append(append([]*runtime.JSError(nil), ue.Errors...), teardown.Errors...)}
	}
	return runErr
}

// printPages writes the --print-data line: one JSON object, {"pages":[{"route":…,
// "query":{…},"data":{…}}]}, the pages in apphost.FinalPages' order (the stack, bottom
// first, then tab pages kept alive off it), query keys sorted, data as the view had it.
func printPages(w io.Writer, pages []apphost.PageState) error {
	if pages == nil {
		pages = []apphost.PageState{}
	}
	data, err := json.Marshal(struct {
		Pages []apphost.PageState `json:"pages"`
	}{pages})
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
