package replay

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wxrun/wxrun/trace"
)

// Load reads the trace file at path (written by --trace, trace.Writer) and returns the
// recording of its instance — 0 for a single run; for a trace of 'wxrun test', the
// instance whose "instance" event names the file, see InstanceNamed. A file cut short by
// a crash is replayed up to where it ends.
func Load(path string, instance int) (*Recording, error) {
	_, events, _, err := trace.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := checkInstance(path, events, instance, fmt.Sprintf("instance %d", instance)); err != nil {
		return nil, err
	}
	return New(path, events, instance)
}

// LoadNamed is Load of the instance named name (InstanceNamed), or of instance 0 when no
// instance has that name.
func LoadNamed(path, name string) (*Recording, error) {
	_, events, _, err := trace.ReadFile(path)
	if err != nil {
		return nil, err
	}
	instance, ok := InstanceNamed(events, name)
	if !ok {
		instance = 0
		if err := checkInstance(path, events, 0, fmt.Sprintf("instance named %s, nor an instance 0", name)); err != nil {
			return nil, err
		}
	}
	return New(path, events, instance)
}

// InstanceError is a recording without the instance asked for, though it holds others:
// replaying it would serve nothing and report every connection the run makes as a
// divergence. It happens with a trace of 'wxrun test' (instances named after the test
// files) given to 'wxrun run --replay', or a test file renamed since it was recorded.
type InstanceError struct {
	Path string
	Want string   // "instance 0", "instance named tests/chat.test.js, nor an instance 0"
	Have []string // the instances it holds: "1 (tests/a.test.js)", "2"
}

func (e *InstanceError) Error() string {
	return fmt.Sprintf("%s has no %s; it holds %s", e.Path, e.Want, strings.Join(e.Have, ", "))
}

// checkInstance returns an *InstanceError when events have none of instance but some of
// other instances; a trace with no events at all has nothing to say.
func checkInstance(path string, events []trace.Record, instance int, want string) error {
	names := map[int]string{}
	var others []int
	for _, e := range events {
		if e.Instance == instance {
			return nil
		}
		if _, seen := names[e.Instance]; !seen {
			names[e.Instance] = ""
			others = append(others, e.Instance)
		}
		if e.Type == trace.InstanceStart {
			names[e.Instance] = e.Name
		}
	}
	if len(others) == 0 {
		return nil
	}
	have := make([]string, len(others))
	for i, n := range others {
		have[i] = strconv.Itoa(n)
		if names[n] != "" {
			have[i] += " (" + names[n] + ")"
		}
	}
	return &InstanceError{Path: path, Want: want, Have: have}
}

// InstanceNamed returns the instance whose "instance" event has name (a test file's path
// in a trace of 'wxrun test').
func InstanceNamed(events []trace.Record, name string) (int, bool) {
	for _, e := range events {
		if e.Type == trace.InstanceStart && e.Name == name {
			return e.Instance, true
		}
	}
	return 0, false
}

// String names the recording: its file, and what it holds.
func (r *Recording) String() string {
	sockets, requests := 0, 0
	for _, x := range r.order {
		if _, ok := x.(*sockScript); ok {
			sockets++
		} else {
			requests++
		}
	}
	return fmt.Sprintf("%s (%d socket(s), %d request(s))", r.name, sockets, requests)
}
