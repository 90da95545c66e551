package wxapi

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/internal/kvstore"
)

// The storage API: wx.setStorage, getStorage, removeStorage, clearStorage,
// getStorageInfo, batchSetStorage, batchGetStorage and their *Sync forms.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/storage/wx.setStorage.html
//
// # Values
//
// As in the base library, a value is stored as its type tag and a string: "String" (the
// string), "Number" (String(n)), "Boolean", "Undefined", "Null", "Date" (its time value
// in milliseconds), and "Array"/"Object" (JSON.stringify). So a Date round-trips as a
// Date, but a Date inside an object comes back as its ISO string, and a value
// JSON.stringify drops (a function) comes back as undefined. An ArrayBuffer is stored as
// its bytes ("ArrayBuffer") and comes back as a new ArrayBuffer (decision 23); inside an
// object it becomes {} as JSON.stringify makes it. The value is serialised when the call
// is made, on the loop goroutine, so later changes to the object do not leak into the
// store, and a JSON.stringify that throws (a cycle, a BigInt, a throwing toJSON) throws
// out of the call, as in the base library, where serialising happens in its JavaScript.
//
// # Order and goroutines
//
// Every storage call, sync or async, goes through one FIFO queue per API, so operations
// apply in call order: a getStorageSync after a setStorage sees the value. Async calls
// are queued and their callbacks come on a later turn, submitted by the goroutine that ran
// the operation (file I/O happens off the loop, holding it alive meanwhile); a sync call
// runs its operation on the loop goroutine when the queue is idle, or waits for the queue
// to reach it. Values are converted to and from JavaScript only on the loop goroutine.

// storageLimitText are WeChat's errMsg reasons for the two limits. The total's is the
// text WeChat's DevTools and clients print ("exceed storage max size 10Mb"); the per-key
// text is not confirmed by a public report and follows the same form (decision 23).
const (
	reasonStorageTotal    = "exceed storage max size 10Mb"
	reasonStorageItem     = "exceed storage item max length"
	reasonStorageNotFound = "data not found"
)

// errValueTooLarge stops the serialisation of a value too large to store.
var errValueTooLarge = errors.New("value too large")

// tooLargeItem stands for a value whose serialisation was stopped: storing it fails with
// the per-key limit's error.
var tooLargeItem = kvstore.Item{Type: "TooLarge"}

// storageState is the storage API's part of the API.
type storageState struct {
	store *kvstore.Store
	queue storageQueue

	// Intrinsics captured at Install, before any script can replace them.
	stringify goja.Callable // JSON.stringify
	parse     goja.Callable // JSON.parse
	getTime   goja.Callable // Date.prototype.getTime
	dateCtor  goja.Value    // Date
}

// StorageFile is where a project's storage is kept under a data directory:
// DIR/storage/APPID.db, the appid made safe for a file name.
func StorageFile(dataDir, appID string) string {
	return filepath.Join(dataDir, "storage", safeFileName(appID)+".db")
}

func safeFileName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && (r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			b.WriteRune(r)
		} else {
			fmt.Fprintf(&b, "%%%02X", r)
		}
	}
	if b.Len() == 0 || strings.Trim(b.String(), ".") == "" {
		return "_" + b.String()
	}
	return b.String()
}

// openStorage opens the store the options ask for: a file (WithStorageFile, or
// WithDataDir and the appid), else memory; WithFreshStorage empties it.
func (a *API) openStorage() error {
	path := a.cfg.storageFile
	if path == "" && a.cfg.dataDir != "" {
		path = StorageFile(a.cfg.dataDir, a.cfg.appID)
	}
	st := &a.storage
	if path == "" {
		st.store = kvstore.Memory(kvstore.WeChatLimits)
	} else {
		s, err := kvstore.Open(path, kvstore.WeChatLimits)
		if err != nil {
			return fmt.Errorf("storage %s: %w", path, err)
		}
		st.store = s
	}
	if a.cfg.freshStorage {
		if err := st.store.Clear(); err != nil {
			return fmt.Errorf("storage %s: %w", path, err)
		}
	}
	st.queue.store = st.store
	return nil
}

// StoragePath is the file the storage API persists to, "" when it is in memory. Safe
// from any goroutine.
func (a *API) StoragePath() string { return a.storage.store.Path() }

func (a *API) installStorage() error {
	if err := a.openStorage(); err != nil {
		return err
	}
	vm := a.vm
	st := &a.storage
	json := vm.Get("JSON").ToObject(vm)
	st.stringify, _ = goja.AssertFunction(json.Get("stringify"))
	st.parse, _ = goja.AssertFunction(json.Get("parse"))
	st.dateCtor = vm.Get("Date")
	st.getTime, _ = goja.AssertFunction(st.dateCtor.ToObject(vm).Get("prototype").ToObject(vm).Get("getTime"))

	a.defineSync("setStorageSync", func(call goja.FunctionCall) goja.Value {
		key := a.syncKey("setStorageSync", "key", call.Argument(0))
		item := a.toItem(call.Argument(1))
		a.storageSync("setStorageSync", func() error { return a.storeSet(kvstore.KV{Key: key, Item: item}) })
		return goja.Undefined()
	})
	a.defineSync("getStorageSync", func(call goja.FunctionCall) goja.Value {
		key := a.syncKey("getStorageSync", "key", call.Argument(0))
		var items []kvstore.Item
		var found []bool
		a.storageSync("getStorageSync", func() (err error) { items, found, err = st.store.Get(key); return })
		if !found[0] {
			return vm.ToValue("") // the base library's answer for a missing key
		}
		return a.fromItem(items[0])
	})
	a.defineSync("removeStorageSync", func(call goja.FunctionCall) goja.Value {
		key := a.syncKey("removeStorageSync", "key", call.Argument(0))
		a.storageSync("removeStorageSync", func() error { return st.store.Delete(key) })
		return goja.Undefined()
	})
	a.defineSync("clearStorageSync", func(goja.FunctionCall) goja.Value {
		a.storageSync("clearStorageSync", st.store.Clear)
		return goja.Undefined()
	})
	a.defineSync("getStorageInfoSync", func(goja.FunctionCall) goja.Value {
		var info kvstore.Info
		a.storageSync("getStorageInfoSync", func() (err error) { info, err = st.store.Info(); return })
		o := vm.NewObject()
		for _, f := range a.storageInfoFields(info) {
			_ = o.Set(f.Name, f.Value)
		}
		return o
	})
	a.defineSync("batchSetStorageSync", func(call goja.FunctionCall) goja.Value {
		kvs := a.syncKVList("batchSetStorageSync", call.Argument(0))
		a.storageSync("batchSetStorageSync", func() error { return a.storeSet(kvs...) })
		return goja.Undefined()
	})
	a.defineSync("batchGetStorageSync", func(call goja.FunctionCall) goja.Value {
		keys := a.syncKeyList("batchGetStorageSync", call.Argument(0))
		var items []kvstore.Item
		var found []bool
		a.storageSync("batchGetStorageSync", func() (err error) { items, found, err = st.store.Get(keys...); return })
		return a.valueList(items, found)
	})

	a.DefineAsync("setStorage", true, func(c *Call) goja.Value {
		key, ok := c.keyOption("key")
		if !ok {
			return nil
		}
		item := a.toItem(c.Get("data"))
		a.storageAsync(c, func() error { return a.storeSet(kvstore.KV{Key: key, Item: item}) }, func() { c.Succeed() })
		return nil
	})
	a.DefineAsync("getStorage", true, func(c *Call) goja.Value {
		key, ok := c.keyOption("key")
		if !ok {
			return nil
		}
		var items []kvstore.Item
		var found []bool
		a.storageAsync(c, func() (err error) { items, found, err = st.store.Get(key); return }, func() {
			if !found[0] {
				c.Fail(reasonStorageNotFound)
				return
			}
			c.Succeed(Field{"data", a.fromItem(items[0])})
		})
		return nil
	})
	a.DefineAsync("removeStorage", true, func(c *Call) goja.Value {
		key, ok := c.keyOption("key")
		if !ok {
			return nil
		}
		a.storageAsync(c, func() error { return st.store.Delete(key) }, func() { c.Succeed() })
		return nil
	})
	a.DefineAsync("clearStorage", true, func(c *Call) goja.Value {
		a.storageAsync(c, st.store.Clear, func() { c.Succeed() })
		return nil
	})
	a.DefineAsync("getStorageInfo", true, func(c *Call) goja.Value {
		var info kvstore.Info
		a.storageAsync(c, func() (err error) { info, err = st.store.Info(); return }, func() {
			c.Succeed(a.storageInfoFields(info)...)
		})
		return nil
	})
	a.DefineAsync("batchSetStorage", true, func(c *Call) goja.Value {
		list := c.Get("kvList")
		kvs, problem := a.kvList(list)
		if problem != "" {
			c.FailParameter(problem)
			return nil
		}
		a.storageAsync(c, func() error { return a.storeSet(kvs...) }, func() { c.Succeed() })
		return nil
	})
	a.DefineAsync("batchGetStorage", true, func(c *Call) goja.Value {
		keys, problem := a.keyList(c.Get("keyList"))
		if problem != "" {
			c.FailParameter(problem)
			return nil
		}
		var items []kvstore.Item
		var found []bool
		a.storageAsync(c, func() (err error) { items, found, err = st.store.Get(keys...); return }, func() {
			c.Succeed(Field{"dataList", a.valueList(items, found)})
		})
		return nil
	})
	return nil
}

// keyOption reads a string option such as "key"; any other type fails the call with
// WeChat's parameter error.
func (c *Call) keyOption(name string) (string, bool) {
	v := c.Get(name)
	s, ok := stringArg(v)
	if !ok {
		c.FailParameter("parameter." + name + " should be String instead of " + c.TypeName(v) + ";")
	}
	return s, ok
}

// syncKey is keyOption for a *Sync function's positional argument: a wrong type throws.
func (a *API) syncKey(api, name string, v goja.Value) string {
	s, ok := stringArg(v)
	if !ok {
		a.throwResult(parameterError(api, "parameter."+name+" should be String instead of "+a.jsTypeName(v)+";"))
	}
	return s
}

func (a *API) syncKVList(api string, v goja.Value) []kvstore.KV {
	kvs, problem := a.kvList(v)
	if problem != "" {
		a.throwResult(parameterError(api, problem))
	}
	return kvs
}

func (a *API) syncKeyList(api string, v goja.Value) []string {
	keys, problem := a.keyList(v)
	if problem != "" {
		a.throwResult(parameterError(api, problem))
	}
	return keys
}

// kvList reads batchSetStorage's [{key, value}], serialising every value; problem is the
// parameter error for a list or element of the wrong type. It stops at the first bad
// element, so a huge sparse array fails at once instead of being walked.
func (a *API) kvList(v goja.Value) (kvs []kvstore.KV, problem string) {
	isArray := a.eachElement(v, func(i int64, e goja.Value) bool {
		if kindOf(e) != kindObject {
			problem = fmt.Sprintf("parameter.kvList[%d] should be Object instead of %s;", i, a.jsTypeName(e))
			return false
		}
		obj := e.(*goja.Object)
		kv := obj.Get("key")
		key, ok := stringArg(kv)
		if !ok {
			problem = fmt.Sprintf("parameter.kvList[%d].key should be String instead of %s;", i, a.jsTypeName(kv))
			return false
		}
		kvs = append(kvs, kvstore.KV{Key: key, Item: a.toItem(obj.Get("value"))})
		return true
	})
	if !isArray {
		return nil, "parameter.kvList should be Array instead of " + a.jsTypeName(v) + ";"
	}
	return kvs, problem
}

func (a *API) keyList(v goja.Value) (keys []string, problem string) {
	isArray := a.eachElement(v, func(i int64, e goja.Value) bool {
		k, ok := stringArg(e)
		if !ok {
			problem = fmt.Sprintf("parameter.keyList[%d] should be String instead of %s;", i, a.jsTypeName(e))
			return false
		}
		keys = append(keys, k)
		return true
	})
	if !isArray {
		return nil, "parameter.keyList should be Array instead of " + a.jsTypeName(v) + ";"
	}
	return keys, problem
}

// eachElement calls f with the elements of a real Array (not an array-like object), read
// through its getters as the base library's loop would, until f returns false. It reports
// whether v is an Array.
func (a *API) eachElement(v goja.Value, f func(i int64, e goja.Value) bool) bool {
	obj, ok := v.(*goja.Object)
	if !ok || kindOf(v) != kindObject || obj.ClassName() != "Array" {
		return false
	}
	n := obj.Get("length").ToInteger()
	for i := int64(0); i < n; i++ {
		if !f(i, obj.Get(strconv.FormatInt(i, 10))) {
			break
		}
	}
	return true
}

func (a *API) valueList(items []kvstore.Item, found []bool) goja.Value {
	vals := make([]any, len(items))
	for i := range items {
		if found[i] {
			vals[i] = a.fromItem(items[i])
		} else {
			vals[i] = ""
		}
	}
	return a.vm.NewArray(vals...)
}

// storageInfoFields are getStorageInfo's res fields: the keys, and the sizes in KB
// (rounded up, so one byte stored shows as 1).
func (a *API) storageInfoFields(info kvstore.Info) []Field {
	keys := make([]any, len(info.Keys))
	for i, k := range info.Keys {
		keys[i] = k
	}
	limit := a.storage.store.Limits().Total
	return []Field{
		{"keys", a.vm.NewArray(keys...)},
		{"currentSize", (info.Size + 1023) / 1024},
		{"limitSize", limit / 1024},
	}
}

// toItem serialises a value the way the base library does (see the top of this file).
// Loop goroutine only; it may run script code (toJSON, getters) and throws what that
// throws.
func (a *API) toItem(v goja.Value) kvstore.Item {
	st := &a.storage
	switch kindOf(v) {
	case kindUndefined, kindFunction, kindSymbol:
		return kvstore.Item{Type: "Undefined", Data: []byte("undefined")}
	case kindNull:
		return kvstore.Item{Type: "Null", Data: []byte("null")}
	case kindBoolean:
		return kvstore.Item{Type: "Boolean", Data: []byte(v.String())}
	case kindNumber:
		return kvstore.Item{Type: "Number", Data: []byte(v.String())}
	case kindString:
		s, _ := stringArg(v)
		return kvstore.Item{Type: "String", Data: []byte(s)}
	case kindArrayBuffer:
		ab, _ := v.Export().(goja.ArrayBuffer)
		return kvstore.Item{Type: "ArrayBuffer", Data: append([]byte{}, ab.Bytes()...)}
	}
	obj, _ := v.(*goja.Object)
	if obj != nil && obj.ClassName() == "Date" {
		t, err := st.getTime(obj)
		if err != nil {
			panic(err)
		}
		return kvstore.Item{Type: "Date", Data: []byte(t.String())}
	}
	// A BigInt, and a cycle, make JSON.stringify throw: that exception leaves the call.
	// The replacer changes nothing but counts the values visited: each adds at least a
	// byte to the text (but a member JSON leaves out, such as a function), so past the
	// per-key limit the value cannot be stored, and the walk stops there instead of going
	// through, say, an array of length 2**32-1.
	visited, budget, stopped := 0, st.store.Limits().PerItem+1, false
	replacer := a.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		if visited++; budget > 0 && int64(visited) > budget {
			stopped = true
			panic(a.vm.NewGoError(errValueTooLarge))
		}
		return call.Argument(1)
	})
	s, err := st.stringify(goja.Undefined(), v, replacer)
	if stopped {
		return tooLargeItem
	}
	if err != nil {
		panic(err)
	}
	if goja.IsUndefined(s) {
		return kvstore.Item{Type: "Undefined", Data: []byte("undefined")}
	}
	tag := "Object"
	if obj != nil && obj.ClassName() == "Array" {
		tag = "Array"
	}
	return kvstore.Item{Type: tag, Data: []byte(s.String())}
}

// fromItem turns a stored item back into a value. Loop goroutine only.
func (a *API) fromItem(it kvstore.Item) goja.Value {
	vm := a.vm
	st := &a.storage
	data := string(it.Data)
	switch it.Type {
	case "String":
		return vm.ToValue(data)
	case "Number":
		f, err := strconv.ParseFloat(data, 64)
		if err != nil {
			f = math.NaN()
		}
		return vm.ToValue(f)
	case "Boolean":
		return vm.ToValue(data == "true")
	case "Null":
		return goja.Null()
	case "Undefined":
		return goja.Undefined()
	case "Date":
		ms, err := strconv.ParseFloat(data, 64)
		if err != nil {
			ms = math.NaN()
		}
		d, err := vm.New(st.dateCtor, vm.ToValue(ms))
		if err != nil {
			panic(err)
		}
		return d
	case "ArrayBuffer":
		return vm.ToValue(vm.NewArrayBuffer(append([]byte{}, it.Data...)))
	case "Array", "Object":
		v, err := st.parse(goja.Undefined(), vm.ToValue(data))
		if err != nil {
			// Only a file written by something else can hold bad JSON: give the text.
			return vm.ToValue(data)
		}
		return v
	}
	return vm.ToValue(data)
}

// storeSet stores kvs, unless one holds a value whose serialisation was stopped for its
// size. Any goroutine.
func (a *API) storeSet(kvs ...kvstore.KV) error {
	for _, kv := range kvs {
		if kv.Item.Type == tooLargeItem.Type {
			return fmt.Errorf("%w: %q", kvstore.ErrItemTooLarge, kv.Key)
		}
	}
	return a.storage.store.Set(kvs...)
}

// storageReason is the errMsg reason for a failed storage operation.
func storageReason(err error) string {
	switch {
	case errors.Is(err, kvstore.ErrItemTooLarge):
		return reasonStorageItem
	case errors.Is(err, kvstore.ErrQuotaExceeded):
		return reasonStorageTotal
	}
	return err.Error()
}

// storageSync runs op in call order with the other storage calls and waits for it; a
// failure throws an Error "<api>:fail <reason>". Loop goroutine only.
func (a *API) storageSync(api string, op func() error) {
	var err error
	a.storage.queue.sync(func() { err = op() })
	if err != nil {
		a.throwResult(failResult(api, storageReason(err)))
	}
}

// storageAsync queues op behind every earlier storage call and returns; once op has run
// (on the queue's goroutine) the outcome is reported on the loop: ok() on success, else
// the failure. The call holds the loop alive until then. Loop goroutine only.
func (a *API) storageAsync(c *Call, op func() error, ok func()) {
	hold := a.host.Hold("wx." + c.Name() + "()")
	a.storage.queue.async(func() {
		err := op()
		a.host.Submit(func() {
			if err != nil {
				c.Fail(storageReason(err))
				return
			}
			ok()
		})
		hold.Release()
	})
}

// storageQueue runs storage operations one at a time in the order they were queued.
// Only the loop goroutine queues; a goroutine of its own drains the queue while it is not
// empty, keeping the file open for the whole batch (kvstore.Session) and exiting when the
// queue is empty, so an idle API holds no goroutine and no file lock.
type storageQueue struct {
	store *kvstore.Store

	mu      sync.Mutex
	ops     []func()
	running bool // an operation is running: the drain goroutine, or a sync call inline
}

func (q *storageQueue) async(op func()) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ops = append(q.ops, op)
	if !q.running {
		q.running = true
		go q.drain()
	}
}

// sync runs op now, on the calling (loop) goroutine, if nothing is queued; otherwise it
// queues op and waits until the drain goroutine has run it.
func (q *storageQueue) sync(op func()) {
	q.mu.Lock()
	if !q.running {
		q.running = true
		q.mu.Unlock()
		defer func() {
			q.mu.Lock()
			q.running = false
			q.mu.Unlock()
		}()
		op()
		return
	}
	done := make(chan struct{})
	q.ops = append(q.ops, func() { defer close(done); op() })
	q.mu.Unlock()
	<-done
}

func (q *storageQueue) drain() {
	for {
		q.mu.Lock()
		batch := q.ops
		q.ops = nil
		if len(batch) == 0 {
			q.running = false
			q.mu.Unlock()
			return
		}
		q.mu.Unlock()
		ran := false
		_ = q.store.Session(func() error {
			ran = true
			for _, op := range batch {
				op()
			}
			return nil
		})
		if !ran {
			// The file could not be opened for the batch: each operation tries again on
			// its own and reports why it failed.
			for _, op := range batch {
				op()
			}
		}
	}
}
