package compile

import (
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/dop251/goja"
)

func TestCacheLRU(t *testing.T) {
	c := NewCache(3, 100)
	compiled := map[string]int{}
	get := func(name string, size int) {
		t.Helper()
		_, err := c.get(newProgramKey(name, name), size, func() (*goja.Program, error) {
			compiled[name]++
			return goja.Compile(name, "1", false)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	get("a", 10)
	get("b", 10)
	get("c", 10)
	get("a", 10) // a is now the most recent
	get("d", 10) // evicts b (least recent), not a
	get("a", 10)
	get("b", 10)
	if compiled["a"] != 1 || compiled["b"] != 2 || c.Len() != 3 {
		t.Errorf("compiled %v, len %d", compiled, c.Len())
	}
	get("big", 95) // the byte bound evicts until it fits
	if c.Len() != 1 || c.bytes != 95 {
		t.Errorf("after big entry: len %d bytes %d", c.Len(), c.bytes)
	}
	get("huge", 101) // larger than the bound: returned, not cached
	get("huge", 101)
	if compiled["huge"] != 2 || c.Len() != 1 {
		t.Errorf("huge entry cached: compiled %d len %d", compiled["huge"], c.Len())
	}
	// Same name, different source: different entries.
	k1, k2 := newProgramKey("x.js", "1"), newProgramKey("x.js", "2")
	if k1 == k2 {
		t.Error("keys ignore the source")
	}
}

func TestCacheConcurrent(t *testing.T) {
	c := NewCache(10, 1<<20)
	release := make(chan struct{})
	var calls sync.WaitGroup
	var mu sync.Mutex
	n := 0
	key := newProgramKey("x.js", "x")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		calls.Add(1)
		go func() {
			defer wg.Done()
			calls.Done()
			prg, err := c.get(key, 1, func() (*goja.Program, error) {
				mu.Lock()
				n++
				mu.Unlock()
				<-release
				return goja.Compile("x.js", "1", false)
			})
			if err != nil || prg == nil {
				t.Error(prg, err)
			}
		}()
	}
	calls.Wait()
	close(release)
	wg.Wait()
	if n != 1 {
		t.Errorf("compiled %d times, want 1", n)
	}

	// Errors are shared with waiters but not cached; a panicking compile becomes an error.
	_, err := c.get(newProgramKey("p.js", "p"), 1, func() (*goja.Program, error) { panic("boom") })
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panic: err = %v", err)
	}
	if _, err := c.get(newProgramKey("p.js", "p"), 1, func() (*goja.Program, error) { return goja.Compile("p.js", "1", false) }); err != nil {
		t.Errorf("retry after failure: %v", err)
	}
}

// Module caches by name and content, a referenced source map's content included, whatever file
// system the source came from.
func TestCacheModuleKey(t *testing.T) {
	c := NewCache(10, 1<<20)
	const src = "exports.a = 1\n//# sourceMappingURL=a.js.map\n"
	const mapJSON = `{"version":3,"sources":["a.ts"],"names":[],"mappings":"AAAA"}`
	a := fstest.MapFS{"a.js.map": {Data: []byte(mapJSON)}}
	b := fstest.MapFS{"a.js.map": {Data: []byte(mapJSON)}}
	other := fstest.MapFS{"a.js.map": {Data: []byte(strings.Replace(mapJSON, "a.ts", "b.ts", 1))}}
	for _, step := range []struct {
		fsys           fstest.MapFS
		name           string
		compiles, hits int64
	}{
		{a, "a.js", 1, 0},
		{b, "a.js", 1, 1},     // another file system, same name and content: shared
		{other, "a.js", 2, 1}, // another source map: another program
		{a, "b.js", 3, 1},     // another name: another program (names are baked into stack traces)
	} {
		if _, err := c.Module(step.fsys, step.name, src); err != nil {
			t.Fatal(err)
		}
		if compiles, hits := c.Stats(); compiles != step.compiles || hits != step.hits {
			t.Fatalf("after %s: %d compiles, %d hits; want %d, %d", step.name, compiles, hits, step.compiles, step.hits)
		}
	}
}
