package load

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBucketBoundsCoverEveryValue(t *testing.T) {
	for _, v := range []int64{0, 1, 127, 128, 129, 255, 256, 1000, 12345, 1 << 20, 1<<40 + 17} {
		i := bucket(v)
		hi := bucketHigh(i)
		lo := int64(0)
		if i > 0 {
			lo = bucketHigh(i-1) + 1
		}
		if v < lo || v > hi {
			t.Errorf("value %d in bucket %d = [%d, %d]", v, i, lo, hi)
		}
		if v >= subCount && float64(hi-lo+1)/float64(lo) > 1.0/subHalf+1e-9 {
			t.Errorf("bucket %d = [%d, %d] wider than 1/%d of its start", i, lo, hi, subHalf)
		}
	}
}

func TestPercentilesWithinPrecisionOfSorted(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var h Histogram
	vals := make([]int64, 10000)
	for i := range vals {
		vals[i] = int64(r.ExpFloat64() * 5000)
		h.RecordValue(vals[i])
	}
	slices.Sort(vals)
	for _, p := range []float64{50, 90, 99, 100} {
		exact := vals[int(p/100*float64(len(vals)))-1]
		got := h.Percentile(p)
		if got < exact || float64(got-exact) > float64(exact)/subHalf+1 {
			t.Errorf("p%v = %d, sorted samples give %d", p, got, exact)
		}
	}
	if h.Max() != vals[len(vals)-1] || h.Min() != vals[0] {
		t.Errorf("min/max %d/%d, want %d/%d", h.Min(), h.Max(), vals[0], vals[len(vals)-1])
	}
}

func TestMergeEqualsOneHistogramOfAllValues(t *testing.T) {
	var a, b, all Histogram
	for i := int64(0); i < 5000; i++ {
		v := i * i % 100003
		all.RecordValue(v)
		if i%3 == 0 {
			a.RecordValue(v)
		} else {
			b.RecordValue(v)
		}
	}
	a.Merge(&b)
	ja, _ := json.Marshal(&a)
	jall, _ := json.Marshal(&all)
	if string(ja) != string(jall) {
		t.Fatalf("merged:\n%s\none histogram:\n%s", ja, jall)
	}
}

func TestHistogramJSONRoundTripAndBadInput(t *testing.T) {
	var h Histogram
	for _, v := range []int64{3, 300, 30000, 3000000} {
		h.RecordValue(v)
	}
	b, err := json.Marshal(&h)
	if err != nil {
		t.Fatal(err)
	}
	var back Histogram
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(&back)
	if string(b) != string(b2) {
		t.Fatalf("round trip changed it:\n%s\n%s", b, b2)
	}
	for _, bad := range []string{
		`{"count":1,"buckets":[[999999999,1]]}`,
		`{"count":1,"buckets":[[-1,1]]}`,
		`{"count":2,"buckets":[[3,1]]}`,
	} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
