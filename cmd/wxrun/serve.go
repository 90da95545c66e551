package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"

	"github.com/wxrun/wxrun/devserver"
)

// defaultServeAddr matches the URL in examples/chat/config.js.
const defaultServeAddr = "127.0.0.1:8080"

func newFlagSet(name string) *flag.FlagSet {
	return flag.NewFlagSet(name, flag.ContinueOnError)
}

func serveCommand(args []string, stdout, stderr io.Writer) error {
	fset := newFlagSet("wxrun serve")
	addr := fset.String("addr", defaultServeAddr, "")
	public := fset.Bool("public", false, "")
	verbose := fset.Bool("verbose", false, "")
	pos, err := parseFlags(fset, args, serveUsage, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("serve takes no arguments, got %q (use --addr ADDR)", pos[0])
	}

	var opts []devserver.Option
	if *public {
		opts = append(opts, devserver.AllowNonLoopback())
	}
	if *verbose {
		opts = append(opts, devserver.WithLogger(log.New(stderr, "", log.LstdFlags)))
	}
	ctx, _, stop := signalContext(context.Background())
	defer stop()

	srv, err := devserver.Start(*addr, opts...)
	if err != nil {
		if errors.Is(err, devserver.ErrNonLoopback) {
			return usageErrorf("refusing to listen on %s: not a loopback address; the server has no authentication, pass --public to expose it anyway", *addr)
		}
		return err
	}
	fmt.Fprintf(stderr, "wxrun: serving %s/echo and %s/chat?room=NAME (help: %s/); Ctrl-C to stop\n",
		srv.URL(), srv.URL(), srv.HTTPURL())
	<-ctx.Done()
	fmt.Fprintln(stderr, "wxrun: shutting down")
	return srv.Close()
}
