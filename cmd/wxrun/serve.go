package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"

	"github.com/spf13/cobra"

	"github.com/wxrun/wxrun/devserver"
)

// defaultServeAddr matches the URL in examples/chat/config.js.
const defaultServeAddr = "127.0.0.1:8080"

const serveLong = `Runs the built-in WebSocket development server until SIGINT or SIGTERM, then closes
every connection with code 1001 and exits 0. Endpoints:
  /echo                      echoes every message back
  /chat?room=NAME&name=NICK  chat room; messages are broadcast as JSON
  /                          a help page`

// serveOptions are the values of the serve flags.
type serveOptions struct {
	addr    string
	public  bool
	verbose bool
}

func newServeCommand() *cobra.Command {
	o := serveOptions{addr: defaultServeAddr}
	cmd := &cobra.Command{
		Use:         "serve [flags]",
		Short:       "Run the built-in WebSocket server (/echo, /chat, POST /login)",
		Long:        serveLong,
		Example:     "  wxrun serve --addr 127.0.0.1:0\n  wxrun serve --addr :8080 --public --verbose",
		Args:        noArgs(" (use --addr ADDR)"),
		Annotations: map[string]string{exitStatusAnnotation: serveExitStatusHelp},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(o, cmd.ErrOrStderr())
		},
	}
	fs := cmd.Flags()
	fs.SortFlags = false
	fs.StringVar(&o.addr, "addr", o.addr, "listen address `ADDR`; port 0 picks a free port")
	boolVar(fs, &o.public, "public",
		"allow a non-loopback address such as :8080 or 0.0.0.0:8080, to test from a phone on the same network. Refused by default because the server has no authentication and accepts any Origin: anyone who can reach the port can join its chat rooms and use it as an echo relay")
	boolVar(fs, &o.verbose, "verbose", "log connections and errors on stderr")
	return cmd
}

// serve runs the development server until a signal arrives.
func serve(o serveOptions, stderr io.Writer) error {
	var opts []devserver.Option
	if o.public {
		opts = append(opts, devserver.AllowNonLoopback())
	}
	if o.verbose {
		opts = append(opts, devserver.WithLogger(log.New(stderr, "", log.LstdFlags)))
	}
	ctx, _, stop := signalContext(context.Background())
	defer stop()

	srv, err := devserver.Start(o.addr, opts...)
	if err != nil {
		if errors.Is(err, devserver.ErrNonLoopback) {
			return usageErrorf("refusing to listen on %s: not a loopback address; the server has no authentication, pass --public to expose it anyway", o.addr)
		}
		return err
	}
	fmt.Fprintf(stderr, "wxrun: serving %s/echo and %s/chat?room=NAME (help: %s/); Ctrl-C to stop\n",
		srv.URL(), srv.URL(), srv.HTTPURL())
	<-ctx.Done()
	fmt.Fprintln(stderr, "wxrun: shutting down")
	return srv.Close()
}
