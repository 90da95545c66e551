// Package kvstore is the database behind the wx storage API (wx.setStorage and friends):
// one key-value store per mini program, in memory or in a bbolt file, with WeChat's size
// limits enforced on every write.
//
// # Values
//
// A value is an Item: the type tag the base library records with every stored value
// ("String", "Number", "Date", "Object", …) and the serialised data. This package does
// not interpret either; package wxapi turns JavaScript values into Items and back.
//
// # Durability and concurrency
//
// A file store commits every write in a bbolt transaction, fsynced before Set, Delete or
// Clear returns, so a write that has returned survives a crash or a kill of the process,
// and a kill in the middle of a write leaves the previous state (bbolt writes
// copy-on-write pages and switches its meta page last). The file is opened — and locked
// with flock — only for the duration of an operation, or of a Session that groups
// several, so two processes running the same project take turns instead of corrupting
// the file or waiting for each other's whole run; a process that finds the file locked
// waits up to LockTimeout.
//
// A Store may be used from any goroutine; its operations are serialised.
package kvstore

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Item is one stored value: the base library's data type tag and the serialised data.
type Item struct {
	Type string
	Data []byte
}

// KV is a key and the Item to store under it.
type KV struct {
	Key  string
	Item Item
}

// Limits are the sizes a store refuses to exceed, in bytes. Zero means no limit.
type Limits struct {
	// PerItem bounds the serialised data of one key (WeChat: 1 MB).
	PerItem int64
	// Total bounds the keys and data of the whole store together (WeChat: 10 MB).
	Total int64
}

// WeChatLimits are WeChat's limits: 1 MB per key, 10 MB per mini program.
var WeChatLimits = Limits{PerItem: 1 << 20, Total: 10 << 20}

// ErrItemTooLarge is returned by Set when one value's data exceeds Limits.PerItem.
var ErrItemTooLarge = errors.New("kvstore: item exceeds the per-key limit")

// ErrQuotaExceeded is returned by Set when the store would exceed Limits.Total.
var ErrQuotaExceeded = errors.New("kvstore: store exceeds its total limit")

// LockTimeout is how long an operation on a file store waits for another process that
// holds the file's lock before it fails.
const LockTimeout = 30 * time.Second

// Info describes a store's contents.
type Info struct {
	Keys []string // in byte order
	Size int64    // bytes of all keys and data together, what Limits.Total bounds
}

// Store is one mini program's storage.
type Store struct {
	path   string // "" for an in-memory store
	limits Limits

	mu      sync.Mutex
	mem     map[string]Item // the in-memory store's contents
	db      *bolt.DB        // the open file during a Session
	session int             // Session calls running
}

var bucket = []byte("storage")

// Memory returns an empty in-memory store.
func Memory(limits Limits) *Store {
	return &Store{limits: limits, mem: make(map[string]Item)}
}

// Open returns the store in the bbolt file at path, creating the file and its directory
// if needed. It opens the file once to check that it is usable (not corrupt, not a
// directory, writable) and closes it again.
func Open(path string, limits Limits) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	s := &Store{path: path, limits: limits}
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.sessionLocked(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			_, err := tx.CreateBucketIfNotExists(bucket)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// Path is the file of a file store, "" for an in-memory one.
func (s *Store) Path() string { return s.path }

// Limits returns the store's limits.
func (s *Store) Limits() Limits { return s.limits }

// Session runs f with the file open and locked, so that the operations f performs (from
// any goroutine) share one open instead of opening the file each; other processes wait
// until f returns. For an in-memory store it just runs f.
func (s *Store) Session(f func() error) error {
	if s.path == "" {
		return f()
	}
	s.mu.Lock()
	if s.db == nil {
		db, err := s.open()
		if err != nil {
			s.mu.Unlock()
			return err
		}
		s.db = db
	}
	s.session++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.session--; s.session == 0 {
			_ = s.db.Close()
			s.db = nil
		}
		s.mu.Unlock()
	}()
	return f()
}

func (s *Store) open() (*bolt.DB, error) {
	db, err := bolt.Open(s.path, 0o600, &bolt.Options{Timeout: LockTimeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("%s is locked by another process", s.path)
	}
	return db, err
}

// sessionLocked runs f with s.db open: the session's, or one opened for f alone. s.mu is
// held.
func (s *Store) sessionLocked(f func() error) error {
	if s.db != nil {
		return f()
	}
	db, err := s.open()
	if err != nil {
		return err
	}
	s.db = db
	defer func() {
		_ = db.Close()
		s.db = nil
	}()
	return f()
}

// Get returns the items stored under keys, and for each whether it exists.
func (s *Store) Get(keys ...string) ([]Item, []bool, error) {
	items := make([]Item, len(keys))
	found := make([]bool, len(keys))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		for i, k := range keys {
			items[i], found[i] = s.mem[k]
		}
		return items, found, nil
	}
	err := s.sessionLocked(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucket)
			if b == nil {
				return nil
			}
			for i, k := range keys {
				if v := b.Get([]byte(k)); v != nil {
					items[i], found[i] = decode(v), true
				}
			}
			return nil
		})
	})
	return items, found, err
}

// Set stores every kv, all or none: it fails, writing nothing, with an error wrapping
// ErrItemTooLarge (naming the key) or ErrQuotaExceeded when the limits would be
// exceeded. A later kv with the same key as an earlier one wins.
func (s *Store) Set(kvs ...KV) error {
	for _, kv := range kvs {
		if s.limits.PerItem > 0 && int64(len(kv.Item.Data)) > s.limits.PerItem {
			return fmt.Errorf("%w: %q has %d bytes", ErrItemTooLarge, kv.Key, len(kv.Item.Data))
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		size := memSize(s.mem)
		seen := make(map[string]bool, len(kvs))
		for _, kv := range kvs {
			if old, ok := s.mem[kv.Key]; ok && !seen[kv.Key] {
				size -= itemSize(kv.Key, old)
			}
			seen[kv.Key] = true
		}
		size += newSize(kvs)
		if s.limits.Total > 0 && size > s.limits.Total {
			return ErrQuotaExceeded
		}
		for _, kv := range kvs {
			s.mem[kv.Key] = Item{Type: kv.Item.Type, Data: append([]byte(nil), kv.Item.Data...)}
		}
		return nil
	}
	return s.sessionLocked(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucketIfNotExists(bucket)
			if err != nil {
				return err
			}
			size := boltSize(b)
			seen := make(map[string]bool, len(kvs))
			for _, kv := range kvs {
				if old := b.Get([]byte(kv.Key)); old != nil && !seen[kv.Key] {
					size -= int64(len(kv.Key) + len(old) - typeOverhead(old))
				}
				seen[kv.Key] = true
			}
			size += newSize(kvs)
			if s.limits.Total > 0 && size > s.limits.Total {
				return ErrQuotaExceeded
			}
			for _, kv := range kvs {
				if err := b.Put([]byte(kv.Key), encode(kv.Item)); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// Delete removes key; a missing key is not an error.
func (s *Store) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		delete(s.mem, key)
		return nil
	}
	return s.sessionLocked(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucket)
			if b == nil {
				return nil
			}
			return b.Delete([]byte(key))
		})
	})
}

// Clear removes every key.
func (s *Store) Clear() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		clear(s.mem)
		return nil
	}
	return s.sessionLocked(func() error {
		return s.db.Update(func(tx *bolt.Tx) error {
			if tx.Bucket(bucket) != nil {
				if err := tx.DeleteBucket(bucket); err != nil {
					return err
				}
			}
			_, err := tx.CreateBucket(bucket)
			return err
		})
	})
}

// Info returns the keys and the size of the store.
func (s *Store) Info() (Info, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		info := Info{Keys: make([]string, 0, len(s.mem)), Size: memSize(s.mem)}
		for k := range s.mem {
			info.Keys = append(info.Keys, k)
		}
		sort.Strings(info.Keys)
		return info, nil
	}
	info := Info{Keys: []string{}}
	err := s.sessionLocked(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucket)
			if b == nil {
				return nil
			}
			return b.ForEach(func(k, v []byte) error {
				info.Keys = append(info.Keys, string(k))
				info.Size += int64(len(k) + len(v) - typeOverhead(v))
				return nil
			})
		})
	})
	return info, err
}

// Check verifies the file's structure (bbolt's consistency check) and returns the first
// problem found; nil for an in-memory store.
func (s *Store) Check() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.path == "" {
		return nil
	}
	return s.sessionLocked(func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			return nil
		})
	})
}

// The file format: each value is the type tag, a NUL byte, then the data. The tag is
// not counted in the size (WeChat counts the data).

func encode(it Item) []byte {
	out := make([]byte, 0, len(it.Type)+1+len(it.Data))
	out = append(out, it.Type...)
	out = append(out, 0)
	return append(out, it.Data...)
}

// decode copies v, which points into the bbolt mmap and is only valid in its transaction.
func decode(v []byte) Item {
	for i, b := range v {
		if b == 0 {
			return Item{Type: string(v[:i]), Data: append([]byte(nil), v[i+1:]...)}
		}
	}
	return Item{Type: "String", Data: append([]byte(nil), v...)}
}

func typeOverhead(v []byte) int {
	for i, b := range v {
		if b == 0 {
			return i + 1
		}
	}
	return 0
}

func itemSize(key string, it Item) int64 { return int64(len(key) + len(it.Data)) }

func memSize(m map[string]Item) int64 {
	var n int64
	for k, it := range m {
		n += itemSize(k, it)
	}
	return n
}

// newSize is the size kvs add, counting a key given twice once (the last wins).
func newSize(kvs []KV) int64 {
	last := make(map[string]int, len(kvs))
	for i, kv := range kvs {
		last[kv.Key] = i
	}
	var n int64
	for i, kv := range kvs {
		if last[kv.Key] == i {
			n += itemSize(kv.Key, kv.Item)
		}
	}
	return n
}

func boltSize(b *bolt.Bucket) int64 {
	var n int64
	_ = b.ForEach(func(k, v []byte) error {
		n += int64(len(k) + len(v) - typeOverhead(v))
		return nil
	})
	return n
}
