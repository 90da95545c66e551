package wxapi

import (
	"testing"

	"go.uber.org/goleak"
)

// Every socket runs goroutines; none may outlive its socket or its runtime.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
