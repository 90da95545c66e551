// Command wxrun runs WeChat Mini Program logic-layer JavaScript headlessly.
//
//	wxrun [flags] FILE.js      run a script (also: wxrun run [flags] FILE.js)
//	wxrun demo                 run the bundled chat sample against the built-in server
//	wxrun serve [--addr ADDR]  run the built-in WebSocket development server
//	wxrun version | help
//
// Run `wxrun --help` for the flags and exit statuses. The command is a thin layer of flags
// and wiring: the behaviour lives in the runtime, wxapi and devserver packages.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// cliGCPercent is the GOGC the command runs with unless the environment sets one. A mini
// program's live heap is small (a few MiB) while message handling allocates fast: with
// Go's default of 100, garbage collection was about 30% of the CPU of message-heavy runs,
// and 400 delivers about 20% more messages per second for a few MiB of headroom. The
// library leaves GC settings to the embedding program.
const cliGCPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(cliGCPercent)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args (without the program name), writing to stdout and
// stderr, and returns the exit status. It never calls os.Exit, so tests call it directly.
func run(args []string, stdout, stderr io.Writer) int {
	err := dispatch(args, stdout, stderr)
	printError(stderr, err)
	return exitCode(err)
}

func dispatch(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageErrorf("no FILE to run (try 'wxrun demo')")
	}
	switch args[0] {
	case "run":
		return runCommand(args[1:], stdout, stderr)
	case "demo":
		return demoCommand(args[1:], stdout, stderr)
	case "serve":
		return serveCommand(args[1:], stdout, stderr)
	case "version":
		if len(args) > 1 {
			return usageErrorf("version takes no arguments")
		}
		fmt.Fprintln(stdout, versionString())
		return nil
	case "help", "-h", "-help", "--help":
		return helpCommand(args[1:], stdout)
	case "-version", "--version":
		fmt.Fprintln(stdout, versionString())
		return nil
	}
	return runCommand(args, stdout, stderr)
}

func helpCommand(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		io.WriteString(stdout, mainUsage)
		return nil
	}
	if len(args) > 1 {
		return usageErrorf("help takes at most one command name")
	}
	switch args[0] {
	case "run":
		io.WriteString(stdout, runUsage)
	case "demo":
		io.WriteString(stdout, demoUsage)
	case "serve":
		io.WriteString(stdout, serveUsage)
	case "version":
		io.WriteString(stdout, "usage: wxrun version\n\nPrints the version of wxrun and of the Go toolchain that built it.\n")
	case "help":
		io.WriteString(stdout, "usage: wxrun help [COMMAND]\n")
	default:
		return usageErrorf("unknown help topic %q (commands: run, demo, serve, version)", args[0])
	}
	return nil
}

// parseFlags parses args with fs, allowing flags after positional arguments
// ("wxrun app.js --timeout 5s"); everything after "--" is positional. A request for help
// prints usage to stdout and returns errHelp.
func parseFlags(fs *flag.FlagSet, args []string, usage string, stdout io.Writer) ([]string, error) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var positional []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stdout, usage)
			return nil, errHelp
		}
		if err != nil {
			return nil, flagError(err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

const mainUsage = `wxrun runs WeChat Mini Program logic-layer JavaScript headlessly, with a wx
socket API backed by real WebSocket connections.

Usage:
  wxrun [flags] FILE.js       run a script (same as 'wxrun run')
  wxrun run [flags] FILE.js   run a script
  wxrun demo [--timeout DUR]  run the bundled chat sample against the built-in server
  wxrun serve [--addr ADDR]   run the built-in WebSocket server (/echo, /chat)
  wxrun version               print the version
  wxrun help [COMMAND]        print help for a command

Run flags (wxrun help run for details):
  --root DIR                  mini program root (default: found from FILE)
  --timeout DUR               stop after DUR, e.g. 30s (default: no limit)
  --url-check                 enforce WeChat's socket domain rules
  --allow-domain HOST         add HOST to the socket domain list (repeatable)
  --ca-file PEM               trust the certificates in PEM for wss:// (repeatable)
  --max-sockets N             concurrent sockets allowed (default 5; 0 = no limit)
  --legacy-single-socket      emulate base library < 1.7.0 (one socket at a time)
  --close-while-connecting M  ignore (default) or abort
  --connect-timeout DUR       handshake timeout (default: app.json, else 60s)
  --max-message-size BYTES    largest incoming message (default 10MiB)
  --stack-size N              JavaScript call depth limit (default 10000)
  --serve ADDR                also run the built-in server on ADDR during the run

Exit status:
  0    the program ran to completion without uncaught errors
  1    script error: an uncaught exception or unhandled rejection was reported
       (the program keeps running, as on a phone, and fails at the end), or a
       file failed to load (syntax error, unreadable file, broken project config)
  2    usage error: unknown flag, bad flag value, missing or nonexistent FILE
  124  --timeout expired; what was still pending is listed on stderr
  130  interrupted by SIGINT (Ctrl-C)
  143  terminated by SIGTERM
`

const runUsage = `Usage:
  wxrun [flags] FILE.js
  wxrun run [flags] FILE.js

Runs FILE.js as the main module of a mini program logic layer (with the globals wx,
App, getApp, require, console and timers), then runs the event loop until nothing is
pending: no timer, no open or connecting socket. Flags may follow FILE.

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
project.config.json) and app.json networkTimeout.connectSocket.

Flags:
  --root DIR
        mini program root (default: see above)
  --timeout DUR
        stop the run after DUR (Go syntax: 500ms, 30s, 2m; 0 = no limit, the default),
        print what was still pending and exit 124
  --url-check
        enforce WeChat's socket domain rules (wss:// only, hosts from --allow-domain,
        LAN addresses of other machines); --url-check=false turns them off
        (default: the project's setting.urlCheck, else off)
  --allow-domain HOST
        add HOST to the socket domain list used by --url-check (repeatable; a host
        name, any port)
  --ca-file PEM
        add the certificates in the PEM file to the system roots for wss://
        (repeatable); verification is never turned off
  --max-sockets N
        how many sockets may be connecting or open at once (default 5, as in WeChat;
        0 = no limit)
  --legacy-single-socket
        emulate base library < 1.7.0: one socket at most, and wx.connectSocket closes
        the existing one (code 1000) first
  --close-while-connecting ignore|abort
        what closing a socket during its handshake does: ignore (default, as the
        WeChat docs describe: reports ok, the socket still opens) or abort (onError
        then onClose 1006, as Android does)
  --connect-timeout DUR
        opening handshake timeout when wx.connectSocket passes none (default: app.json
        networkTimeout.connectSocket, else 60s)
  --max-message-size BYTES
        largest incoming message, in bytes or with a KiB/MiB/GiB suffix
        (default 10MiB, as on Android)
  --stack-size N
        JavaScript call depth at which "RangeError: Maximum call stack size exceeded"
        is thrown (default 10000)
  --serve ADDR
        also run the built-in WebSocket server on ADDR (a loopback address such as
        127.0.0.1:8080 or 127.0.0.1:0) for the duration of the run; its URL is printed
        on stderr. Nothing is passed to the script: point its configuration at the URL.

Exit status: 0 ok, 1 script error, 2 usage error, 124 timeout, 130 SIGINT, 143 SIGTERM
(see 'wxrun help').
`

const demoUsage = `Usage:
  wxrun demo [--timeout DUR]

Starts the built-in WebSocket server on a free loopback port and runs the bundled
sample mini program (examples/chat) against it: two users chat in a room, one through
the global wx socket API with the classic onSocketOpen queue, one through a
SocketTask; the traffic is printed, the sockets are closed and the program ends.

The sample is written to a temporary directory (removed afterwards) with a generated
config.js naming the server's address, the way a real mini program receives its
configuration.

Flags:
  --timeout DUR
        stop the demo after DUR (default 30s; 0 = no limit)

Exit status: as for 'wxrun run'.
`

const serveUsage = `Usage:
  wxrun serve [--addr ADDR] [--public]

Runs the built-in WebSocket development server until SIGINT or SIGTERM, then closes
every connection with code 1001 and exits 0. Endpoints:
  /echo                      echoes every message back
  /chat?room=NAME&name=NICK  chat room; messages are broadcast as JSON
  /                          a help page

Flags:
  --addr ADDR
        listen address (default 127.0.0.1:8080; port 0 picks a free port)
  --public
        allow a non-loopback address such as :8080 or 0.0.0.0:8080. Refused by
        default because the server has no authentication and accepts any Origin:
        anyone who can reach the port can join its chat rooms and use it as an
        echo relay. Use it to test from a phone on the same network.
  --verbose
        log connections and errors on stderr

Exit status: 0 after a signal, 1 if the server cannot listen or fails,
2 usage error (including a non-loopback address without --public).
`
