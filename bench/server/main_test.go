package server

import (
	"testing"

	"go.uber.org/goleak"
)

// Every connection runs a handler goroutine; Close must leave none behind.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
