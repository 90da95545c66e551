package wxapi

import (
	"crypto/rand"
	"encoding/base64"
	"strings"

	"github.com/dop251/goja"
)

// The rest of the usual surface: wx.login and checkSession, nextTick,
// arrayBufferToBase64 and base64ToArrayBuffer, getRealtimeLogManager and getLogManager,
// and wx.env.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/open-api/login/wx.login.html

// UserDataPath is wx.env.USER_DATA_PATH, the root of the user file directory.
const UserDataPath = "wxfile://usr"

func (a *API) installMisc() {
	vm := a.vm

	a.DefineAsync("login", true, func(c *Call) goja.Value {
		_ = c.Get("timeout") // read, as WeChat does; a login here never takes long
		code := a.cfg.loginCode
		if code == "" {
			code = newLoginCode()
		}
		// The code comes from WeChat's servers: on a later turn.
		a.host.Submit(func() { c.Succeed(Field{"code", code}) })
		return nil
	})
	a.DefineAsync("checkSession", true, func(c *Call) goja.Value {
		// The session of a phone that has used the mini program before is valid.
		a.host.Submit(func() { c.Succeed() })
		return nil
	})

	a.defineSync("nextTick", func(call goja.FunctionCall) goja.Value {
		fn := functionOrNil(call.Argument(0))
		if fn == nil {
			return goja.Undefined()
		}
		// After the current synchronous code, as a microtask: setData has applied its
		// changes by then, and nothing else the script queued has run yet.
		p, resolve, _ := vm.NewPromise()
		then, _ := goja.AssertFunction(vm.ToValue(p).ToObject(vm).Get("then"))
		run := vm.ToValue(func(goja.FunctionCall) goja.Value {
			a.host.CallFunction(fn, nil)
			return goja.Undefined()
		})
		_, _ = then(vm.ToValue(p), run)
		_ = resolve(goja.Undefined())
		return goja.Undefined()
	})

	a.defineSync("arrayBufferToBase64", func(call goja.FunctionCall) goja.Value {
		v := call.Argument(0)
		if kindOf(v) != kindArrayBuffer {
			return vm.ToValue("")
		}
		ab, _ := v.Export().(goja.ArrayBuffer)
		return vm.ToValue(base64.StdEncoding.EncodeToString(ab.Bytes()))
	})
	a.defineSync("base64ToArrayBuffer", func(call goja.FunctionCall) goja.Value {
		s, _ := stringArg(call.Argument(0))
		return vm.ToValue(vm.NewArrayBuffer(decodeBase64Loosely(s)))
	})

	console := vm.Get("console").ToObject(vm)
	logTo := func(method string) goja.Value { return console.Get(method) }
	forward := func(obj *goja.Object, name string, to goja.Value) {
		_ = obj.Set(name, func(call goja.FunctionCall) goja.Value {
			a.host.CallFunction(to, console, call.Arguments...)
			return goja.Undefined()
		})
	}
	noop := func(goja.FunctionCall) goja.Value { return goja.Undefined() }

	// getRealtimeLogManager: one manager; what the phone would upload is printed.
	var realtime *goja.Object
	newRealtime := func() *goja.Object {
		m := vm.NewObject()
		forward(m, "info", logTo("info"))
		forward(m, "warn", logTo("warn"))
		forward(m, "error", logTo("error"))
		_ = m.Set("setFilterMsg", noop)
		_ = m.Set("addFilterMsg", noop)
		return m
	}
	a.defineSync("getRealtimeLogManager", func(goja.FunctionCall) goja.Value {
		if realtime == nil {
			realtime = newRealtime()
			_ = realtime.Set("in", func(goja.FunctionCall) goja.Value { return realtime })
			_ = realtime.Set("getCurrentState", func(goja.FunctionCall) goja.Value {
				s := vm.NewObject()
				_ = s.Set("size", 0)
				_ = s.Set("maxSize", 5*1024)
				_ = s.Set("logCount", 0)
				_ = s.Set("maxLogCount", 5000)
				return s
			})
			_ = realtime.Set("tag", func(goja.FunctionCall) goja.Value { return newRealtime() })
		}
		return realtime
	})

	var logManager *goja.Object
	a.defineSync("getLogManager", func(goja.FunctionCall) goja.Value {
		if logManager == nil {
			logManager = vm.NewObject()
			forward(logManager, "log", logTo("log"))
			forward(logManager, "info", logTo("info"))
			forward(logManager, "warn", logTo("warn"))
			forward(logManager, "debug", logTo("debug"))
		}
		return logManager
	})

	env := vm.NewObject()
	_ = env.DefineDataProperty("USER_DATA_PATH", vm.ToValue(UserDataPath), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	_ = a.wx.Set("env", env)
}

// newLoginCode makes a code in the form of WeChat's: 32 letters and digits, new for each
// call, as each real code may be exchanged once.
func newLoginCode() string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// decodeBase64Loosely decodes as the base library's decoder does: characters outside
// the alphabet (whitespace, line breaks) are skipped, padding is optional, and what
// cannot form a whole byte at the end is dropped.
func decodeBase64Loosely(s string) []byte {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '/' {
			b.WriteRune(r)
		}
	}
	clean := b.String()
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	out, err := base64.RawStdEncoding.DecodeString(clean)
	if err != nil {
		return []byte{}
	}
	return out
}
