// Package trace is what a run of a mini program did, as events: console output, sockets
// (connect attempts, opens, every frame each way, errors, closes), wx.request exchanges,
// failed wx calls, App and page lifecycle calls, setData changes, uncaught errors,
// timeouts and the exit — each with a monotonic time and the number of the instance it
// happened in.
//
// # Producing events
//
// The runtime (runtime.WithTracer) holds a *Tracer; package wxapi and the project host
// (apphost) take it from there, so one option traces a whole run. Each instrumentation
// point checks Tracer.Enabled — a nil comparison — before it builds an event: a run that
// nobody traces pays nothing else. Emit stamps the event and hands it, by value, to the
// tracer's sinks, synchronously, on the goroutine where it happened.
//
// # Consuming events
//
// A Sink receives every event. Writer is the sink behind --trace FILE: JSON Lines, the
// schema below. A metrics consumer (counts, sizes, latencies) implements Sink itself and
// formats nothing: an Event is plain Go data, passed by value, with payloads referenced
// rather than copied — it must copy what it keeps, and be safe for concurrent use, since
// sockets' reader and writer goroutines emit concurrently with the loop goroutine.
//
// # The file
//
// The first line names the schema and its version ({"schema":"wxrun-trace","version":1,
// "start":…,"wxrun":…,"payloadLimit":…}); each further line is one event, {"t":…,"i":…,
// "type":…, …}, with "t" in microseconds since "start" on the monotonic clock and "i" the
// instance (0 for a single run). The README's "Traces" section lists the fields of each
// type. Reader reads a file back, Show prints it as a timeline ('wxrun trace show'), and
// package replay serves a run's sockets and requests from one.
//
// What a crash leaves is described on Writer: whole lines, a prefix of the events.
package trace
