package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wxrun/wxrun/wxapi"
)

// Custom flag.Value types: each Set returns an error that reads well after the flag
// package's "invalid value %q for flag -x: ".

// durationValue is a non-negative Go duration; a bare "0" is accepted.
type durationValue struct{ d *time.Duration }

func (v durationValue) String() string {
	if v.d == nil {
		return ""
	}
	return v.d.String()
}

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

// byteSizeValue is a positive number of bytes, optionally with a B, KiB, MiB or GiB suffix
// (KB, MB, GB and K, M, G are read as the same powers of 1024).
type byteSizeValue struct{ n *int64 }

func (v byteSizeValue) String() string {
	if v.n == nil {
		return ""
	}
	return strconv.FormatInt(*v.n, 10)
}

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

// listValue collects the values of a repeatable flag.
type listValue struct{ list *[]string }

func (v listValue) String() string {
	if v.list == nil {
		return ""
	}
	return strings.Join(*v.list, ",")
}

func (v listValue) Set(s string) error {
	*v.list = append(*v.list, s)
	return nil
}

// closeModeValue is --close-while-connecting.
type closeModeValue struct{ mode *wxapi.CloseWhileConnecting }

func (v closeModeValue) String() string {
	if v.mode != nil && *v.mode == wxapi.CloseAborts {
		return "abort"
	}
	return "ignore"
}

func (v closeModeValue) Set(s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "ignore":
		*v.mode = wxapi.CloseIgnored
	case "abort":
		*v.mode = wxapi.CloseAborts
	default:
		return fmt.Errorf("want ignore or abort")
	}
	return nil
}
