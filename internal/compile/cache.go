package compile

import (
	"container/list"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"sync"
	"sync/atomic"

	"github.com/dop251/goja"
)

// programKey identifies a compiled module: the file name is baked into the program (stack traces), the
// hash covers the source as prepared by prepareSourceMap (so also any source map it refers to).
type programKey struct {
	name string
	sum  [sha256.Size]byte
}

func newProgramKey(name, prepared string) programKey {
	return programKey{name: name, sum: sha256.Sum256([]byte(prepared))}
}

// Cache is a goroutine-safe LRU of compiled module programs, bounded by entry count and by an
// estimate of their size. Concurrent requests for the same program compile it once.
type Cache struct {
	maxEntries int
	maxBytes   int

	mu      sync.Mutex
	bytes   int
	lru     *list.List // of *cacheEntry; front = most recently used
	entries map[programKey]*list.Element
	pending map[programKey]*pendingCompile

	compiles atomic.Int64 // compile calls (misses), for tests and diagnostics
	hits     atomic.Int64
}

type cacheEntry struct {
	key  programKey
	prg  *goja.Program
	size int
}

type pendingCompile struct {
	done chan struct{}
	prg  *goja.Program
	err  error
}

// NewCache returns an empty cache holding at most maxEntries programs and about maxBytes of them.
func NewCache(maxEntries, maxBytes int) *Cache {
	return &Cache{
		maxEntries: maxEntries,
		maxBytes:   maxBytes,
		lru:        list.New(),
		entries:    make(map[programKey]*list.Element),
		pending:    make(map[programKey]*pendingCompile),
	}
}

// shared is the cache every runtime in the process compiles through: 4096 files or ~256 MiB of source
// (a proxy for the compiled size), whichever is reached first.
var shared = NewCache(4096, 256<<20)

// Shared returns the process-wide cache: a file loaded by many runtimes (many instances of one mini
// program) is compiled once. Safe from any goroutine.
func Shared() *Cache { return shared }

// Module returns the program of the mini program source file name (a root-relative slash path, which
// stack traces will show) whose text is src, from the cache or compiled now. A trailing
// sourceMappingURL comment in a JS file is honoured: an inline map as is, a map file read from fsys,
// the file system the module came from (relative to name; a map that cannot be read or leads out of
// fsys is ignored). Errors are *goja.CompilerSyntaxError (see the package documentation); failed
// compiles are not cached. name must not be a JSON file (KindOf(name) == JSON).
//
// Safe for concurrent use; fsys is read on the calling goroutine.
func (c *Cache) Module(fsys fs.FS, name, src string) (*goja.Program, error) {
	prepared := src
	if KindOf(name) != TS {
		prepared = prepareSourceMap(fsys, name, src)
	}
	return c.get(newProgramKey(name, prepared), len(name)+2*len(prepared), func() (*goja.Program, error) {
		return compileModule(name, src, prepared)
	})
}

// get returns the cached program for key or compiles it with compile; size estimates its memory.
// Safe for concurrent use. Failed compiles are not cached.
func (c *Cache) get(key programKey, size int, compile func() (*goja.Program, error)) (*goja.Program, error) {
	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		prg := el.Value.(*cacheEntry).prg
		c.mu.Unlock()
		c.hits.Add(1)
		return prg, nil
	}
	if p, ok := c.pending[key]; ok {
		c.mu.Unlock()
		<-p.done
		return p.prg, p.err
	}
	p := &pendingCompile{done: make(chan struct{})}
	c.pending[key] = p
	c.mu.Unlock()

	c.compiles.Add(1)
	func() {
		defer func() {
			if r := recover(); r != nil {
				p.prg, p.err = nil, fmt.Errorf("compiling %s: internal compiler panic: %v", key.name, r)
			}
		}()
		p.prg, p.err = compile()
	}()

	c.mu.Lock()
	delete(c.pending, key)
	if p.err == nil && size <= c.maxBytes {
		c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, prg: p.prg, size: size})
		c.bytes += size
		for c.lru.Len() > c.maxEntries || c.bytes > c.maxBytes {
			el := c.lru.Back()
			e := el.Value.(*cacheEntry)
			c.lru.Remove(el)
			delete(c.entries, e.key)
			c.bytes -= e.size
		}
	}
	c.mu.Unlock()
	close(p.done)
	return p.prg, p.err
}

// Stats reports how many programs were compiled and how many lookups were served from the cache.
// Safe for concurrent use.
func (c *Cache) Stats() (compiles, hits int64) {
	return c.compiles.Load(), c.hits.Load()
}

// Len reports the number of cached programs. Safe for concurrent use.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}
