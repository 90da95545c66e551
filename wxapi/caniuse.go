package wxapi

import (
	"regexp"
	"strings"

	"github.com/dop251/goja"

	"github.com/wxrun/wxrun/runtime"
)

// wx.canIUse and what a call of an API wxrun does not implement reports.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/base/wx.canIUse.html
//
// canIUse answers from what is installed, never from a list of yeses: an API is usable
// when wx has it (whoever installed it — this package, the project host, …); a parameter
// ("connectSocket.object.protocols") when the API reads it; a field of a sync API's
// return value ("getSystemInfoSync.return.safeArea") when the API, called now, returns
// it; a field of a success res when the API reports it. Components and their attributes
// ("button.open-type.getUserInfo") have no view here: false.

// apiParams are the options each API reads, as declared next to the code; the UI
// functions' are found by reading their options from a recording object at install time
// instead. TestCanIUseParamsMatchTheCode calls every API with an options object that
// records what is read and checks these lists against it, so they say what the code does.
var apiParams = map[string][]string{
	"connectSocket":     {"url", "header", "tcpNoDelay", "perMessageDeflate", "timeout", "protocols", "forceCellularNetwork", "enableProfile"},
	"sendSocketMessage": {"data"},
	"closeSocket":       {"code", "reason"},
	"setStorage":        {"key", "data"},
	"getStorage":        {"key"},
	"removeStorage":     {"key"},
	"batchSetStorage":   {"kvList"},
	"batchGetStorage":   {"keyList"},
	"login":             {"timeout"},
	"request":           {"url", "data", "header", "method", "dataType", "responseType", "timeout", "enableChunked", "enableHttp2", "enableProfile"},
	"downloadFile":      {"url", "header", "timeout", "enableHttp2", "enableProfile", "filePath"},
	"uploadFile":        {"url", "header", "timeout", "enableHttp2", "enableProfile", "filePath", "name", "formData"},
}

// successFields are the res fields (besides errMsg) of the async APIs that report some,
// as their code reports them; the JS tests pin each res.
var successFields = map[string][]string{
	"getStorage":      {"data"},
	"getStorageInfo":  {"keys", "currentSize", "limitSize"},
	"batchGetStorage": {"dataList"},
	"login":           {"code"},
	"showModal":       {"confirm", "cancel", "content"},
	"showActionSheet": {"tapIndex"},
	"getNetworkType":  {"networkType"},
	"request":         {"data", "statusCode", "header", "cookies", "profile"},
	"downloadFile":    {"tempFilePath", "filePath", "statusCode", "profile"},
	"uploadFile":      {"data", "statusCode", "profile"},
}

// canIUseState is canIUse's knowledge gathered while the API is installed.
type canIUseState struct {
	params  map[string][]string          // API → the options it reads
	returns map[string]func() jsonObject // pure getters: API → what it returns now
}

func (a *API) installCanIUse() {
	st := &a.canIUse
	st.params = map[string][]string{}
	for k, v := range apiParams {
		st.params[k] = v
	}
	st.params = mergeUIParams(a, st.params)
	a.defineSync("canIUse", func(call goja.FunctionCall) goja.Value {
		schema, ok := stringArg(call.Argument(0))
		return a.vm.ToValue(ok && a.canIUseSchema(schema))
	})
	if rw, ok := a.host.(interface {
		RewriteErrors(func(string, runtime.Where) string)
	}); ok {
		rw.RewriteErrors(a.explainUnimplemented)
	}
}

// mergeUIParams finds the options of every UI function by running its option reader on
// an object that records the names read.
func mergeUIParams(a *API, params map[string][]string) map[string][]string {
	for _, spec := range uiAPIs {
		var names []string
		rec := a.vm.NewDynamicObject(&recordingOptions{names: &names})
		r := &uiReader{c: &Call{api: a, name: spec.name, options: rec}}
		spec.read(r)
		params[spec.name] = names
	}
	return params
}

// recordingOptions is an options object whose every property is undefined and which
// remembers which were asked for.
type recordingOptions struct{ names *[]string }

func (o *recordingOptions) Get(key string) goja.Value {
	*o.names = append(*o.names, key)
	return goja.Undefined()
}
func (o *recordingOptions) Set(string, goja.Value) bool { return false }
func (o *recordingOptions) Has(string) bool             { return false }
func (o *recordingOptions) Delete(string) bool          { return false }
func (o *recordingOptions) Keys() []string              { return nil }

// canIUseSchema answers canIUse for one schema: API[.object.PARAM[.VALUE]],
// API.return.FIELD, API.success.FIELD.
func (a *API) canIUseSchema(schema string) bool {
	parts := strings.Split(schema, ".")
	api := parts[0]
	if api == "" || !a.implements(api) {
		return false
	}
	if len(parts) == 1 {
		return true
	}
	if len(parts) < 3 || parts[2] == "" {
		return false
	}
	field := parts[2]
	switch parts[1] {
	case "object":
		for _, p := range a.canIUse.params[api] {
			if p == field {
				// A value (request.object.method.GET) is not checked further.
				return true
			}
		}
	case "return":
		if f := a.canIUse.returns[api]; f != nil {
			return f().get(field) != nil
		}
	case "success":
		if api == "getSystemInfo" {
			return a.cfg.device.systemInfo().get(field) != nil
		}
		for _, f := range successFields[api] {
			if f == field {
				return true
			}
		}
	}
	return false
}

// implements reports whether wx has the member name of its own (not Object.prototype's),
// installed by anyone.
func (a *API) implements(name string) bool {
	for _, k := range a.wx.GetOwnPropertyNames() {
		if k == name {
			v := a.wx.Get(name)
			return v != nil && !goja.IsUndefined(v)
		}
	}
	return false
}

// retiredAPIs are wx APIs WeChat still documents, as deprecated in favour of the
// FileSystemManager's, that the typings behind weChatAPIs no longer list: code written
// for them is still around, and its calls deserve the same explanation.
var retiredAPIs = map[string]bool{"saveFile": true, "getSavedFileList": true, "getSavedFileInfo": true, "removeSavedFile": true, "getFileInfo": true}

var noMember = regexp.MustCompile(`^TypeError: Object has no member '([A-Za-z_$][A-Za-z0-9_$]*)'$`)

// explainUnimplemented rewrites goja's "Object has no member 'getFooBar'" for a call of a
// WeChat API that wx lacks, which names neither wx nor the cause.
func (a *API) explainUnimplemented(msg string, at runtime.Where) string {
	m := noMember.FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	name := m[1]
	if _, known := weChatAPIs[name]; !(known || retiredAPIs[name]) || a.implements(name) {
		return ""
	}
	if calledOnWX(at.Text, name) || at.Text == "" {
		return "TypeError: wx." + name + " is not a function (wxrun does not implement wx." + name + "; see README)"
	}
	// Called on another object, or through an alias of wx: say both.
	return msg + " (wx." + name + " is a WeChat API that wxrun does not implement; see README)"
}

// calledOnWX reports whether the source line calls wx.name (or wx["name"]).
func calledOnWX(line, name string) bool {
	for _, form := range []string{"wx." + name, `wx["` + name + `"]`, "wx['" + name + "']"} {
		if i := strings.Index(line, form); i >= 0 && (i == 0 || !isIdentChar(line[i-1])) {
			return true
		}
	}
	return false
}

func isIdentChar(b byte) bool {
	return b == '_' || b == '$' || b == '.' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}
