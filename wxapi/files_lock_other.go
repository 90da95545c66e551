//go:build !unix

package wxapi

import "os"

// Without flock a run's directory cannot be told from a crashed one's: none is locked,
// and none is taken for stale (the remains of a crash stay until removed by hand).

func lockFile(*os.File) error { return nil }

func tryLockFile(*os.File) bool { return false }
