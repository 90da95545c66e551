package wxapi

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/dop251/goja"
)

// UI calls with no view: wx.showToast, hideToast, showLoading, hideLoading, showModal,
// showActionSheet, setNavigationBarTitle, setNavigationBarColor,
// show/hideNavigationBarLoading, vibrateShort, vibrateLong, start/stopPullDownRefresh.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/ui/interaction/wx.showToast.html
//
// Nothing is drawn. Each call checks its parameters as WeChat does, succeeds with
// WeChat's res on a later turn (a modal or action sheet answers as configured:
// WithModalAnswer, WithActionSheetAnswer), and is recorded — UICalls, OnUICall, and one
// line on WithVerbose's writer — so that tests and traces can see what a user would have
// seen.

// UICall is one recorded UI call.
type UICall struct {
	// API is the function's name without "wx." ("showToast").
	API string
	// Options are the options the call used, with their defaults filled in, in the order
	// WeChat's documentation lists them: only strings, numbers, booleans and lists of
	// strings.
	Options []Field
	// Result is the errMsg the call reported ("showModal:ok", "showActionSheet:fail
	// cancel", or a parameter error).
	Result string
	// Answer is what the simulated user chose: "confirm" or "cancel" for a modal, the
	// tapped item for an action sheet ("0", "1", …, or "cancel"); "" otherwise.
	Answer string
}

// String renders the call as --verbose prints it:
// wx.showToast({"title":"Offline","icon":"none","duration":1500,"mask":false}) → showToast:ok
func (c UICall) String() string {
	var b strings.Builder
	b.WriteString("wx." + c.API + "({")
	for i, f := range c.Options {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.Name)
		v, err := json.Marshal(f.Value)
		if err != nil {
			v = []byte(fmt.Sprintf("%q", fmt.Sprint(f.Value)))
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteString("}) → " + c.Result)
	if c.Answer != "" {
		b.WriteString(" (" + c.Answer + ")")
	}
	return b.String()
}

// uiState is the UI calls' part of the API.
type uiState struct {
	calls []UICall
	hooks []func(UICall)
}

// UICalls returns the UI calls recorded so far, in call order. Loop goroutine only.
func (a *API) UICalls() []UICall { return append([]UICall(nil), a.ui.calls...) }

// OnUICall registers hook, called on the loop goroutine for every UI call as it is made,
// before its callbacks run. Loop goroutine only.
func (a *API) OnUICall(hook func(UICall)) { a.ui.hooks = append(a.ui.hooks, hook) }

func (a *API) recordUI(c UICall) {
	a.ui.calls = append(a.ui.calls, c)
	if w := a.cfg.verbose; w != nil {
		_, _ = io.WriteString(w, "wxrun: "+c.String()+"\n")
	}
	for _, h := range a.ui.hooks {
		h(c)
	}
}

// uiAPI describes one UI function: read reads (each option once) and checks its options,
// returning them with their defaults, or a parameter problem; respond decides the outcome.
type uiAPI struct {
	name    string
	read    func(r *uiReader)
	respond func(a *API, opts []Field) (fields []Field, failReason, answer string)
}

// uiReader reads a UI call's options in order, keeping the first parameter problem.
type uiReader struct {
	c       *Call
	fields  []Field
	problem string
}

func (r *uiReader) add(name string, v any) { r.fields = append(r.fields, Field{name, v}) }

func (r *uiReader) fail(name string, v goja.Value, want string) {
	if r.problem == "" {
		r.problem = "parameter." + name + " should be " + want + " instead of " + r.c.TypeName(v) + ";"
	}
}

// str reads a string option: required, or optional with a default (undefined takes the
// default; any other non-string is a parameter error).
func (r *uiReader) str(name string, required bool, def string) {
	v := r.c.Get(name)
	s, ok := stringArg(v)
	switch {
	case ok:
		r.add(name, s)
	case !required && goja.IsUndefined(v):
		r.add(name, def)
	default:
		r.fail(name, v, "String")
	}
}

// num and flag read optional options; a wrong type is ignored (the default), as the base
// library's checks do for them.
func (r *uiReader) num(name string, def float64) {
	if n, ok := numberArg(r.c.Get(name)); ok {
		r.add(name, n)
		return
	}
	r.add(name, def)
}

func (r *uiReader) flag(name string, def bool) {
	if b, ok := boolArg(r.c.Get(name)); ok {
		r.add(name, b)
		return
	}
	r.add(name, def)
}

// uiAPIs are the UI functions, with the options and defaults of their documentation.
var uiAPIs = []uiAPI{
	{name: "showToast", read: func(r *uiReader) {
		r.str("title", true, "")
		r.str("icon", false, "success")
		r.str("image", false, "")
		r.num("duration", 1500)
		r.flag("mask", false)
	}},
	{name: "hideToast", read: func(r *uiReader) { r.flag("noConflict", false) }},
	{name: "showLoading", read: func(r *uiReader) {
		r.str("title", true, "")
		r.flag("mask", false)
	}},
	{name: "hideLoading", read: func(r *uiReader) { r.flag("noConflict", false) }},
	{name: "showModal", read: func(r *uiReader) {
		r.str("title", false, "")
		r.str("content", false, "")
		r.flag("showCancel", true)
		r.str("cancelText", false, "取消")
		r.str("cancelColor", false, "#000000")
		r.str("confirmText", false, "确定")
		r.str("confirmColor", false, "#576B95")
		r.flag("editable", false)
		r.str("placeholderText", false, "")
	}, respond: respondModal},
	{name: "showActionSheet", read: func(r *uiReader) {
		// Every option is read before the list is judged (decision 17); a list longer than
		// 6 is refused before its elements are read.
		v := r.c.Get("itemList")
		obj, isArray := v.(*goja.Object)
		switch {
		case !isArray || kindOf(v) != kindObject || obj.ClassName() != "Array":
			r.fail("itemList", v, "Array")
		case obj.Get("length").ToInteger() > 6:
			if r.problem == "" {
				r.problem = "parameter.itemList should not have more than 6 items;"
			}
		default:
			var list []string
			r.c.api.eachElement(v, func(_ int64, it goja.Value) bool {
				s, ok := stringArg(it)
				if !ok {
					s = r.c.api.objectToStringOrValue(it)
				}
				list = append(list, s)
				return true
			})
			r.add("itemList", list)
		}
		r.str("alertText", false, "")
		r.str("itemColor", false, "#000000")
	}, respond: respondActionSheet},
	{name: "setNavigationBarTitle", read: func(r *uiReader) { r.str("title", true, "") }},
	{name: "setNavigationBarColor", read: func(r *uiReader) {
		r.str("frontColor", true, "")
		r.str("backgroundColor", true, "")
	}},
	{name: "showNavigationBarLoading", read: func(*uiReader) {}},
	{name: "hideNavigationBarLoading", read: func(*uiReader) {}},
	{name: "vibrateShort", read: func(r *uiReader) { r.str("type", false, "heavy") }},
	{name: "vibrateLong", read: func(*uiReader) {}},
	{name: "startPullDownRefresh", read: func(*uiReader) {}},
	{name: "stopPullDownRefresh", read: func(*uiReader) {}},
}

func respondModal(a *API, opts []Field) ([]Field, string, string) {
	showCancel, editable := true, false
	for _, f := range opts {
		switch f.Name {
		case "showCancel":
			showCancel = f.Value.(bool)
		case "editable":
			editable = f.Value.(bool)
		}
	}
	// Without a cancel button the only answer is confirm.
	confirm := !a.cfg.modalCancel || !showCancel
	fields := []Field{{"confirm", confirm}, {"cancel", !confirm}}
	if editable {
		fields = append(fields, Field{"content", ""}) // nothing typed
	}
	answer := "cancel"
	if confirm {
		answer = "confirm"
	}
	return fields, "", answer
}

func respondActionSheet(a *API, opts []Field) ([]Field, string, string) {
	items, _ := opts[0].Value.([]string)
	i := a.cfg.actionSheetIndex
	if i < 0 || len(items) == 0 {
		return nil, "cancel", "cancel"
	}
	i = min(i, len(items)-1) // the last item for an index past the end
	return []Field{{"tapIndex", i}}, "", fmt.Sprint(i)
}

// installUI defines the UI functions. All are promisified (base library 2.10.2+).
func (a *API) installUI() {
	for _, spec := range uiAPIs {
		a.DefineAsync(spec.name, true, func(c *Call) goja.Value {
			r := &uiReader{c: c}
			spec.read(r)
			call := UICall{API: spec.name, Options: r.fields}
			if r.problem != "" {
				res := parameterError(spec.name, r.problem)
				call.Result = res.errMsg()
				a.recordUI(call)
				c.FailParameter(r.problem)
				return nil
			}
			var fields []Field
			var failReason string
			if spec.respond != nil {
				fields, failReason, call.Answer = spec.respond(a, r.fields)
			}
			if failReason != "" {
				call.Result = failResult(spec.name, failReason).errMsg()
			} else {
				call.Result = okResult(spec.name).errMsg()
			}
			a.recordUI(call)
			// The native side answers later: the view is shown, or the user tapped.
			a.host.Submit(func() {
				if failReason != "" {
					c.Fail(failReason)
					return
				}
				c.Succeed(fields...)
			})
			return nil
		})
	}
}

// objectToStringOrValue renders a non-string list item without running script code
// beyond the Symbol.toStringTag read WeChat's type checks do: primitives as String()
// would, objects as Object.prototype.toString does.
func (a *API) objectToStringOrValue(v goja.Value) string {
	switch kindOf(v) {
	case kindObject, kindFunction, kindArrayBuffer:
		return a.objectToString(v)
	case kindSymbol:
		return v.(*goja.Symbol).String()
	}
	return v.String()
}
