package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// Custom pflag.Value types. Each Set returns an error that reads well after pflag's
// `invalid argument "x" for "--flag" flag: `, and each String formats the default the way
// the help text and the README show it.

// boolValue is a boolean flag (--x, --x=true, --x=false) whose error names the values.
type boolValue struct{ b *bool }

func (v boolValue) String() string   { return strconv.FormatBool(v.b != nil && *v.b) }
func (v boolValue) Type() string     { return "bool" }
func (v boolValue) IsBoolFlag() bool { return true }

func (v boolValue) Set(s string) error {
	b, err := strconv.ParseBool(strings.TrimSpace(s))
	if err != nil {
		return errors.New("want true or false")
	}
	*v.b = b
	return nil
}

// boolVar defines a boolean flag: --name alone means true.
func boolVar(fs *pflag.FlagSet, p *bool, name, usage string) {
	fs.VarPF(boolValue{p}, name, "", usage).NoOptDefVal = "true"
}

// intValue is a whole number.
type intValue struct{ n *int }

func (v intValue) String() string {
	if v.n == nil {
		return "0"
	}
	return strconv.Itoa(*v.n)
}

func (v intValue) Type() string { return "int" }

func (v intValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return errors.New("want a whole number such as 0, 5 or 100")
	}
	*v.n = n
	return nil
}

// durationValue is a non-negative Go duration; a bare "0" is accepted.
type durationValue struct{ d *time.Duration }

func (v durationValue) String() string {
	if v.d == nil {
		return "0"
	}
	return formatDuration(*v.d)
}

func (v durationValue) Type() string { return "duration" }

func (v durationValue) Set(s string) error {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return errors.New("want a duration such as 500ms, 30s or 2m")
	}
	if d < 0 {
		return errors.New("must not be negative")
	}
	*v.d = d
	return nil
}

// formatDuration writes whole seconds as "30s" and "60s" rather than Go's "1m0s", and
// zero as "0" (which pflag then treats as no default worth printing).
func formatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d%time.Second == 0:
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return d.String()
}

// byteSizeValue is a positive number of bytes, optionally with a B, KiB, MiB or GiB suffix
// (KB, MB, GB and K, M, G are read as the same powers of 1024).
type byteSizeValue struct{ n *int64 }

func (v byteSizeValue) String() string {
	if v.n == nil {
		return "0"
	}
	n := *v.n
	for _, u := range []struct {
		size int64
		name string
	}{{1 << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}} {
		if n > 0 && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10)
}

func (v byteSizeValue) Type() string { return "bytes" }

func (v byteSizeValue) Set(s string) error {
	n, err := parseByteSize(s)
	if err != nil {
		return err
	}
	*v.n = n
	return nil
}

func parseByteSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	num := strings.TrimRightFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	unit := strings.ToLower(strings.TrimSpace(s[len(num):]))
	mult := int64(1)
	switch unit {
	case "", "b":
	case "k", "kb", "kib":
		mult = 1 << 10
	case "m", "mb", "mib":
		mult = 1 << 20
	case "g", "gb", "gib":
		mult = 1 << 30
	default:
		return 0, errors.New("want a size in bytes such as 1048576, 64KiB or 10MiB")
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 {
		return 0, errors.New("want a positive size in bytes such as 1048576, 64KiB or 10MiB")
	}
	if n > math.MaxInt64/mult {
		return 0, errors.New("too large")
	}
	return n * mult, nil
}

// choice is one value of an enumerated flag, with the description shell completion shows.
type choice[T comparable] struct {
	name  string
	value T
	desc  string
}

// closeModes are the values of --close-while-connecting.
var closeModes = []choice[wxapi.CloseWhileConnecting]{
	{"ignore", wxapi.CloseIgnored, "report ok; the socket still opens (documented)"},
	{"abort", wxapi.CloseAborts, "fire onError, then onClose 1006 (Android)"},
}

// rejectionModes are the values of --unhandled-rejections, Node's switch of that name.
var rejectionModes = []choice[runtime.UnhandledRejections]{
	{"strict", runtime.RejectionsStrict, "report unhandled rejections; the run fails (exit 1)"},
	{"warn", runtime.RejectionsWarn, "report them as warnings; the exit status is unaffected"},
}

// networkModes are the values of --network: the emulated network the run starts on.
var networkModes = []choice[wxapi.Network]{
	{"wifi", wxapi.NetworkWiFi, "the machine's network, not throttled"},
	{"4g", wxapi.Network4G, "20 ms latency, 4 Mbit/s down, 3 Mbit/s up"},
	{"3g", wxapi.Network3G, "100 ms latency, 750 kbit/s down, 250 kbit/s up"},
	{"2g", wxapi.Network2G, "300 ms latency, 250 kbit/s down, 50 kbit/s up"},
	{"offline", wxapi.NetworkOffline, "no network: requests and sockets fail"},
}

// enumValue is a flag whose value is one of choices, by name (case-insensitive); the
// first choice is the default. Set accepts exactly these names.
type enumValue[T comparable] struct {
	v       *T
	choices []choice[T]
}

func (e enumValue[T]) String() string {
	for _, c := range e.choices {
		if e.v != nil && *e.v == c.value {
			return c.name
		}
	}
	return e.choices[0].name
}

// Type is what the help text shows as the flag's value: the choices.
func (e enumValue[T]) Type() string {
	names := make([]string, len(e.choices))
	for i, c := range e.choices {
		names[i] = c.name
	}
	return strings.Join(names, "|")
}

func (e enumValue[T]) Set(s string) error {
	for _, c := range e.choices {
		if strings.EqualFold(strings.TrimSpace(s), c.name) {
			*e.v = c.value
			return nil
		}
	}
	return fmt.Errorf("want %s", strings.ReplaceAll(e.Type(), "|", " or "))
}

// complete offers the choices to shell completion.
func (e enumValue[T]) complete(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, c := range e.choices {
		if strings.HasPrefix(c.name, toComplete) {
			out = append(out, cobra.CompletionWithDesc(c.name, c.desc))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
