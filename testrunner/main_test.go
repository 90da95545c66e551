package testrunner

import (
	"testing"

	"go.uber.org/goleak"
)

// Every file's runtime, mock server and watchdog must be gone when a run returns.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
