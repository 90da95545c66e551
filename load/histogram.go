package load

import (
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"time"
)

// subBits sets the histogram's precision: values below 2^subBits are counted exactly,
// larger ones in buckets whose width is at most 1/2^(subBits-1) of their lower bound —
// 1.6 % with 7, the precision of an HDR histogram with two significant decimal digits.
// It is written in every summary: histograms of different precision do not merge.
const subBits = 7

const (
	subCount = 1 << subBits
	subHalf  = subCount / 2
)

// Histogram counts durations in microseconds in log-linear buckets, as an HDR histogram
// does: recording is a few integer operations, a percentile is read from the counts
// (never by sorting samples), and two histograms merge exactly by adding their counts —
// so per-shard summaries merge into the one-run figures, not into averages of
// percentiles. The zero value is empty and ready to use; it is not safe for concurrent
// use (Metrics guards its histograms).
type Histogram struct {
	counts []uint64 // by bucket index; grows to the highest index recorded
	n      uint64
	min    int64
	max    int64
	sum    int64
}

// bucket returns the index of the bucket holding v (v >= 0).
func bucket(v int64) int {
	if v < subCount {
		return int(v)
	}
	shift := bits.Len64(uint64(v)) - subBits // >= 1
	return subCount + (shift-1)*subHalf + int(v>>shift) - subHalf
}

// bucketHigh returns the largest value bucket i holds.
func bucketHigh(i int) int64 {
	if i < subCount {
		return int64(i)
	}
	shift := (i-subCount)/subHalf + 1
	sub := int64((i-subCount)%subHalf + subHalf)
	return (sub+1)<<shift - 1
}

// Record counts d, in whole microseconds; negative durations count as 0.
func (h *Histogram) Record(d time.Duration) { h.RecordValue(d.Microseconds()) }

// RecordValue counts v (microseconds); negative values count as 0.
func (h *Histogram) RecordValue(v int64) {
	v = max(v, 0)
	i := bucket(v)
	if i >= len(h.counts) {
		h.counts = append(h.counts, make([]uint64, i+1-len(h.counts))...)
	}
	h.counts[i]++
	if h.n == 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.n++
	h.sum += v
}

// Merge adds o's counts to h: the result is what one histogram recording both sets of
// values would hold.
func (h *Histogram) Merge(o *Histogram) {
	if o.n == 0 {
		return
	}
	if len(o.counts) > len(h.counts) {
		h.counts = append(h.counts, make([]uint64, len(o.counts)-len(h.counts))...)
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	h.max = max(h.max, o.max)
	h.n += o.n
	h.sum += o.sum
}

// Count returns how many values were recorded.
func (h *Histogram) Count() uint64 { return h.n }

// Max returns the largest value recorded (0 if none), exactly.
func (h *Histogram) Max() int64 { return h.max }

// Min returns the smallest value recorded (0 if none), exactly.
func (h *Histogram) Min() int64 { return h.min }

// Percentile returns the value below or at which p percent of the values lie (0 < p <=
// 100), as HDR histograms report it: the upper bound of the bucket holding that value,
// never above the maximum. It returns 0 for an empty histogram.
func (h *Histogram) Percentile(p float64) int64 {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(p / 100 * float64(h.n)))
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			return min(bucketHigh(i), h.max)
		}
	}
	return h.max
}

// histogramJSON is a histogram in a summary: the figures people read, then the non-empty
// buckets as [index, count] pairs, which merge-summaries adds up.
type histogramJSON struct {
	Count   uint64     `json:"count"`
	Min     int64      `json:"min"`
	P50     int64      `json:"p50"`
	P90     int64      `json:"p90"`
	P99     int64      `json:"p99"`
	Max     int64      `json:"max"`
	Mean    float64    `json:"mean"`
	Sum     int64      `json:"sum"`
	Buckets [][2]int64 `json:"buckets"`
}

// MarshalJSON writes the histogram as a summary holds it (values in microseconds).
func (h *Histogram) MarshalJSON() ([]byte, error) {
	j := histogramJSON{Count: h.n, Min: h.min, Max: h.max, Sum: h.sum, Buckets: [][2]int64{},
		P50: h.Percentile(50), P90: h.Percentile(90), P99: h.Percentile(99)}
	if h.n > 0 {
		j.Mean = math.Round(float64(h.sum)/float64(h.n)*10) / 10
	}
	for i, c := range h.counts {
		if c > 0 {
			j.Buckets = append(j.Buckets, [2]int64{int64(i), int64(c)})
		}
	}
	return json.Marshal(j)
}

// maxBucket bounds the bucket indexes a summary may name: enough for durations of
// centuries, few enough that a hostile file cannot make the reader allocate much.
const maxBucket = subCount + 56*subHalf

// UnmarshalJSON reads what MarshalJSON wrote; the buckets are the truth, the percentiles
// are recomputed from them.
func (h *Histogram) UnmarshalJSON(b []byte) error {
	var j histogramJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*h = Histogram{}
	var n uint64
	for _, bc := range j.Buckets {
		i, c := bc[0], bc[1]
		if i < 0 || i >= maxBucket || c < 0 {
			return fmt.Errorf("histogram bucket [%d, %d] out of range", i, c)
		}
		if int(i) >= len(h.counts) {
			h.counts = append(h.counts, make([]uint64, int(i)+1-len(h.counts))...)
		}
		h.counts[i] += uint64(c)
		n += uint64(c)
	}
	if n != j.Count {
		return fmt.Errorf("histogram count %d, but its buckets hold %d", j.Count, n)
	}
	h.n, h.min, h.max, h.sum = j.Count, j.Min, j.Max, j.Sum
	return nil
}
