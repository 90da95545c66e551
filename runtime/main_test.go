package runtime

import (
	"testing"

	"go.uber.org/goleak"
)

// Runtimes start goroutines (the context watcher); none may outlive a run.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
