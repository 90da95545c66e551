// Package load runs many isolated instances of a mini program at once and summarises
// what they did, as load tools (k6, Artillery) run virtual users: it is behind
// 'wxrun run --instances N' and 'wxrun merge-summaries'.
//
// # Running
//
// Start runs Config.Run for each instance of the process's shard, each on a goroutine of
// its own — Go spreads them over every core —, starting them evenly over the ramp-up,
// running each Iterations times (or until Duration ends), and returns a Runner to watch
// (Status, for a progress line) and Wait for. What an instance is, is the caller's: the
// CLI opens a project host (package apphost) with its own runtime, wx, storage and
// sockets for each iteration, and tells it its number in the launch query.
//
// # Measuring
//
// Metrics is a trace.Sink: the summary is built from the same event stream as --trace,
// not from a second instrumentation. Each instance's tracer carries its number, and the
// sink counts sockets, frames and bytes each way, requests, errors by errMsg, and records
// connect times and round trips in Histograms — log-linear buckets in the manner of HDR
// histograms, so that percentiles come from counts, not from sorting samples, and merge
// exactly. It formats nothing and keeps no payload; state is sharded by instance so that
// cores rarely share a lock.
//
// # Summaries
//
// A Summary (the schema the README documents, written with Summary.WriteFile, atomically)
// holds the totals, the histograms' buckets, the errors and one Point per second. Merge
// adds up the summaries of the shards of one run — --shard i/n splits the instances into
// contiguous ranges, so that a CI matrix or a Kubernetes Indexed Job spreads a load over
// machines — into the summary of the whole run. Report renders one as a self-contained
// HTML page with charts drawn as inline SVG.
//
// # Goroutines
//
// Config.Run is called on one goroutine per instance; Metrics.Event from whichever
// goroutine emitted the event. Every exported method is safe for concurrent use, except
// Histogram's (Metrics guards its own) and Summary's (a value, not shared).
package load
