//go:build unix

package main

import "syscall"

// raiseFileLimit raises the soft limit on open files to the hard limit, as load tools do,
// since each instance of --instances holds sockets, and returns the limit in force. (Go's
// os package already does this at start-up since Go 1.19; doing it here keeps the
// promise explicit, and the returned limit is what the summary reports.)
func raiseFileLimit() (uint64, error) {
	var l syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
		return 0, err
	}
	if l.Cur < l.Max {
		want := l
		want.Cur = l.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err != nil {
			return uint64(l.Cur), err
		}
		if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &l); err != nil {
			return 0, err
		}
	}
	return uint64(l.Cur), nil
}
