package wxapi

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/dop251/goja"
)

// Device and app information from a device profile: wx.getSystemInfo(Sync),
// getWindowInfo, getDeviceInfo, getAppBaseInfo, getSystemSetting, getAppAuthorizeSetting,
// getAccountInfoSync and getMenuButtonBoundingClientRect.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/base/system/wx.getWindowInfo.html
//
// A profile is one JSON file (profiles/*.json for the built-in ones) with a section per
// API — the fields each returns, in the order it returns them — and the behaviours the
// spec records as differing between WeChat's clients ("behaviour"). It is the one switch
// per platform: selecting "android" also makes closing a CONNECTING socket abort it and
// gives domain rejections Android's errMsg, so a CI matrix with one row per profile
// catches platform-only bugs. Options given after WithDevice still override its
// behaviours (WithCloseWhileConnecting).

//go:embed profiles/*.json
var profileFiles embed.FS

// DefaultDevice is the profile used when none is chosen: the DevTools, where mini
// programs are developed and where their authors compare wxrun's output.
const DefaultDevice = "devtools"

// DeviceProfile is a device and WeChat client as the info APIs describe them, and the
// platform behaviours that go with it. Load one with Device or LoadDeviceProfile.
type DeviceProfile struct {
	// Name is the profile's name ("iphone-15"), or the file it came from.
	Name string
	// Description says what the profile stands for.
	Description string
	// Platform is the device section's platform: "ios", "android", "devtools", …
	Platform string

	closeWhileConnecting CloseWhileConnecting
	domainRejection      string

	device, window, appBase, systemSetting, authorize, menuButton jsonObject
}

// profileJSON is the file format.
type profileJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Base        string `json:"base"` // a custom profile's starting point; DefaultDevice if empty
	Behaviour   struct {
		CloseWhileConnecting string `json:"closeWhileConnecting"`
		DomainRejection      string `json:"domainRejection"`
	} `json:"behaviour"`
	Device        jsonObject `json:"device"`
	Window        jsonObject `json:"window"`
	AppBase       jsonObject `json:"appBase"`
	SystemSetting jsonObject `json:"systemSetting"`
	Authorize     jsonObject `json:"authorize"`
	MenuButton    jsonObject `json:"menuButton"`
}

// Devices lists the names of the built-in profiles.
func Devices() []string {
	entries, _ := profileFiles.ReadDir("profiles")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	sort.Strings(names)
	return names
}

// Device returns the built-in profile name (see Devices).
func Device(name string) (*DeviceProfile, error) {
	data, err := profileFiles.ReadFile("profiles/" + name + ".json")
	if err != nil {
		return nil, fmt.Errorf("no device profile %q (built in: %s)", name, strings.Join(Devices(), ", "))
	}
	return parseProfile(data, nil)
}

// LoadDeviceProfile reads a profile from a JSON file in the built-in profiles' format.
// Its "base" names the built-in profile it starts from (DefaultDevice when absent); every
// section and field it gives replaces the base's, so a file may change a single field:
//
//	{"base": "android", "device": {"model": "MI 9"}, "appBase": {"language": "en"}}
func LoadDeviceProfile(path string) (*DeviceProfile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var head struct {
		Base string `json:"base"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if head.Base == "" {
		head.Base = DefaultDevice
	}
	baseData, err := profileFiles.ReadFile("profiles/" + head.Base + ".json")
	if err != nil {
		return nil, fmt.Errorf("%s: base %q is not a built-in device profile (%s)", path, head.Base, strings.Join(Devices(), ", "))
	}
	base, err := parseProfile(baseData, nil)
	if err != nil {
		return nil, err
	}
	p, err := parseProfile(data, base)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if p.Name == base.Name {
		p.Name = path
	}
	return p, nil
}

// parseProfile reads a profile; fields it lacks come from base (nil: none).
func parseProfile(data []byte, base *DeviceProfile) (*DeviceProfile, error) {
	var pj profileJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pj); err != nil {
		return nil, err
	}
	p := &DeviceProfile{}
	if base != nil {
		*p = *base
	}
	if pj.Name != "" {
		p.Name = pj.Name
	}
	if pj.Description != "" {
		p.Description = pj.Description
	}
	switch pj.Behaviour.CloseWhileConnecting {
	case "":
	case "ignore":
		p.closeWhileConnecting = CloseIgnored
	case "abort":
		p.closeWhileConnecting = CloseAborts
	default:
		return nil, fmt.Errorf("behaviour.closeWhileConnecting %q: want ignore or abort", pj.Behaviour.CloseWhileConnecting)
	}
	if pj.Behaviour.DomainRejection != "" {
		p.domainRejection = pj.Behaviour.DomainRejection
	}
	p.device = p.device.merge(pj.Device)
	p.window = p.window.merge(pj.Window)
	p.appBase = p.appBase.merge(pj.AppBase)
	p.systemSetting = p.systemSetting.merge(pj.SystemSetting)
	p.authorize = p.authorize.merge(pj.Authorize)
	p.menuButton = p.menuButton.merge(pj.MenuButton)
	p.Platform, _ = p.device.get("platform").(string)
	if p.Platform == "" || p.domainRejection == "" {
		return nil, errors.New("a device profile needs device.platform and behaviour.domainRejection")
	}
	return p, nil
}

// systemInfo is what wx.getSystemInfoSync returns: every section but the menu button,
// with the authorisations as booleans (true when "authorized"), as the deprecated API
// reports them. Fields another section already gave are not repeated.
func (p *DeviceProfile) systemInfo() jsonObject {
	var out jsonObject
	seen := map[string]bool{}
	add := func(f jsonField) {
		if !seen[f.Name] {
			seen[f.Name] = true
			out = append(out, f)
		}
	}
	for _, sec := range []jsonObject{p.device, p.window, p.appBase, p.systemSetting} {
		for _, f := range sec {
			add(f)
		}
	}
	for _, f := range p.authorize {
		if s, ok := f.Value.(string); ok {
			add(jsonField{f.Name, s == "authorized"})
		} else {
			add(f)
		}
	}
	return out
}

// installDevice defines the info APIs from the configured profile.
func (a *API) installDevice() {
	p := a.cfg.device
	if p == nil {
		p, _ = Device(DefaultDevice)
		a.cfg.device = p
	}
	if a.canIUse.returns == nil {
		a.canIUse.returns = map[string]func() jsonObject{}
	}
	section := func(name string, obj func() jsonObject) {
		a.defineSync(name, func(goja.FunctionCall) goja.Value { return a.jsonValue(obj()) })
		a.canIUse.returns[name] = obj // canIUse("getWindowInfo.return.safeArea")
	}
	section("getSystemInfoSync", p.systemInfo)
	section("getWindowInfo", func() jsonObject { return p.window })
	section("getDeviceInfo", func() jsonObject { return p.device })
	section("getAppBaseInfo", func() jsonObject { return p.appBase })
	section("getSystemSetting", func() jsonObject { return p.systemSetting })
	section("getAppAuthorizeSetting", func() jsonObject { return p.authorize })
	section("getMenuButtonBoundingClientRect", func() jsonObject { return p.menuButton })
	section("getAccountInfoSync", func() jsonObject {
		return jsonObject{
			{"miniProgram", jsonObject{{"appId", a.cfg.appID}, {"envVersion", "develop"}, {"version", ""}}},
			{"plugin", jsonObject{}},
		}
	})
	a.DefineAsync("getSystemInfo", true, func(c *Call) goja.Value {
		info := p.systemInfo()
		fields := make([]Field, len(info))
		for i, f := range info {
			fields[i] = Field{f.Name, a.jsonValue(f.Value)}
		}
		// The info comes from the native side: on a later turn.
		a.host.Submit(func() { c.Succeed(fields...) })
		return nil
	})
}

// DeviceName is the name of the profile in use. Loop goroutine only.
func (a *API) DeviceName() string { return a.cfg.device.Name }

// jsonValue builds a fresh JavaScript value from profile data, so that a script changing
// what one call returned does not change what the next returns. Loop goroutine only.
func (a *API) jsonValue(v any) goja.Value {
	switch x := v.(type) {
	case jsonObject:
		o := a.vm.NewObject()
		for _, f := range x {
			_ = o.Set(f.Name, a.jsonValue(f.Value))
		}
		return o
	case []any:
		vals := make([]any, len(x))
		for i, e := range x {
			vals[i] = a.jsonValue(e)
		}
		return a.vm.NewArray(vals...)
	case nil:
		return goja.Null()
	}
	return a.vm.ToValue(v)
}

// jsonObject is a JSON object that keeps the order of its fields, which is the order the
// info APIs return them in.
type jsonObject []jsonField

type jsonField struct {
	Name  string
	Value any // string, float64, bool, nil, jsonObject or []any
}

func (o jsonObject) get(name string) any {
	for _, f := range o {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

// merge returns o with the fields of over replacing or added to its own; objects are
// merged field by field.
func (o jsonObject) merge(over jsonObject) jsonObject {
	out := append(jsonObject(nil), o...)
	for _, f := range over {
		replaced := false
		for i := range out {
			if out[i].Name == f.Name {
				if a, ok := out[i].Value.(jsonObject); ok {
					if b, ok := f.Value.(jsonObject); ok {
						f.Value = a.merge(b)
					}
				}
				out[i].Value, replaced = f.Value, true
				break
			}
		}
		if !replaced {
			out = append(out, f)
		}
	}
	return out
}

func (o *jsonObject) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		return err
	}
	obj, ok := v.(jsonObject)
	if !ok {
		return errors.New("want a JSON object")
	}
	*o = obj
	return nil
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := jsonObject{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				obj = append(obj, jsonField{k.(string), v})
			}
			_, err := dec.Token()
			return obj, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
	case json.Number:
		return t.Float64()
	}
	if tok == nil {
		return nil, nil
	}
	if _, ok := tok.(json.Delim); ok {
		return nil, io.ErrUnexpectedEOF
	}
	return tok, nil
}
