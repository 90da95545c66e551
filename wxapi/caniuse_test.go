package wxapi

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
)

// The parameters canIUse reports for each API are the ones its code reads: every API is
// called with an options object that records each property read (and gives values valid
// enough for the call to read all of its options).
func TestCanIUseParamsMatchTheCode(t *testing.T) {
	rt, out := newRuntime(t, WithURLCheck(true))
	var apis []string
	for api := range apiParams {
		apis = append(apis, api)
	}
	_ = rt.VM().Set("apis", apis)
	err := rt.RunString(context.Background(), "main.js", `
		const values = { url: "wss://caniuse.invalid/", key: "k", data: 1, kvList: [], keyList: [] };
		const result = {};
		for (const api of apis) {
			const reads = [];
			const opts = new Proxy({}, { get(_, k) {
				if (typeof k === "string" && !["success", "fail", "complete"].includes(k)) reads.push(k);
				return values[k];
			} });
			try { const p = wx[api](opts); if (p && p.catch) p.catch(() => {}); } catch (e) { reads.push("threw " + e); }
			result[api] = reads;
		}
		globalThis.result = JSON.stringify(result);
	`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var got map[string][]string
	if err := json.Unmarshal([]byte(rt.VM().Get("result").String()), &got); err != nil {
		t.Fatal(err)
	}
	for api, want := range apiParams {
		if !reflect.DeepEqual(got[api], want) {
			t.Errorf("wx.%s reads %q, apiParams says %q", api, got[api], want)
		}
	}
}

// The UI functions' parameters are found by running their option readers.
func TestCanIUseUIParams(t *testing.T) {
	rt, _ := newRuntimeWithoutInstall(t)
	api, err := Install(rt)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]string{
		"showToast":       {"title", "icon", "image", "duration", "mask"},
		"showActionSheet": {"itemList", "alertText", "itemColor"},
		"vibrateLong":     nil,
	} {
		if got := api.canIUse.params[name]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s params %q, want %q", name, got, want)
		}
	}
}
