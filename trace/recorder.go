package trace

import (
	"maps"
	"slices"
	"sync"
)

// Recorder is a Sink that keeps a copy of every event in memory, for tests and for Go
// programs that look at a run afterwards. The zero value is ready to use; its methods
// are safe for concurrent use.
type Recorder struct {
	mu     sync.Mutex
	events []Event
}

// Event keeps a copy of e: its payload, header, lists and query are copied, since the
// event's own are valid only during the call.
func (r *Recorder) Event(e Event) {
	e.Payload.Data = slices.Clone(e.Payload.Data)
	e.Header = e.Header.Clone()
	e.Protocols = slices.Clone(e.Protocols)
	e.Pending = slices.Clone(e.Pending)
	e.Query = maps.Clone(e.Query)
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

// Events returns the events kept so far, in the order they were received; with types,
// only those of these types.
func (r *Recorder) Events(types ...Type) []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(types) == 0 {
		return slices.Clone(r.events)
	}
	var out []Event
	for _, e := range r.events {
		if slices.Contains(types, e.Type) {
			out = append(out, e)
		}
	}
	return out
}
