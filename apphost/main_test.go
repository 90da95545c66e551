package apphost

import (
	"testing"

	"go.uber.org/goleak"
)

// Hosts run sockets, timers and runtimes; none may outlive a test.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
