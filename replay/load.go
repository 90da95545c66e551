package replay

import (
	"fmt"

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
	}
	return New(path, events, instance)
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
