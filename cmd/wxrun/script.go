package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/wxrun/wxrun/runtime"
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
type target struct {
	root    string
	rel     string
	project *wxapi.Project
}

// resolveTarget finds the file to run and the mini program root (see runLong).
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
	files      runtime.Option // where the mini program is: runtime.WithRoot or runtime.WithFS
	file       string         // the main module, relative to the root
	timeout    time.Duration
	stackSize  int
	rejections runtime.UnhandledRejections
	wxOptions  []wxapi.Option
	stdout     io.Writer
	stderr     io.Writer
}

// runScript creates the runtime, installs wx and runs the file until it is done, the
// timeout expires or a signal arrives.
func runScript(s scriptRun) error {
	rt, err := runtime.New(
		s.files,
		runtime.WithStdout(s.stdout),
		runtime.WithStderr(s.stderr),
		runtime.WithMaxCallStackSize(s.stackSize),
		runtime.WithUnhandledRejections(s.rejections),
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
