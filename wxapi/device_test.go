package wxapi

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestBuiltInDevices(t *testing.T) {
	if got := Devices(); !reflect.DeepEqual(got, []string{"android", "devtools", "iphone-15"}) {
		t.Fatalf("Devices() = %v", got)
	}
	for _, name := range Devices() {
		p, err := Device(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.Name != name || p.Description == "" {
			t.Errorf("%s: name %q, description %q", name, p.Name, p.Description)
		}
		// Every section has the fields its typings give it.
		for sec, want := range map[string][]string{
			"device":        {"abi", "benchmarkLevel", "brand", "cpuType", "deviceAbi", "memorySize", "model", "platform", "system"},
			"window":        {"pixelRatio", "safeArea", "screenHeight", "screenTop", "screenWidth", "statusBarHeight", "windowHeight", "windowWidth"},
			"appBase":       {"SDKVersion", "enableDebug", "fontSizeScaleFactor", "fontSizeSetting", "host", "language", "theme", "version"},
			"systemSetting": {"bluetoothEnabled", "deviceOrientation", "locationEnabled", "wifiEnabled"},
			"menuButton":    {"bottom", "height", "left", "right", "top", "width"},
		} {
			obj := map[string]jsonObject{"device": p.device, "window": p.window, "appBase": p.appBase, "systemSetting": p.systemSetting, "menuButton": p.menuButton}[sec]
			var got []string
			for _, f := range obj {
				got = append(got, f.Name)
			}
			sortStrings(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s has %v, want %v", name, sec, got, want)
			}
		}
	}
	if _, err := Device("nokia-3310"); err == nil || !strings.Contains(err.Error(), "android, devtools, iphone-15") {
		t.Errorf("an unknown name: %v", err)
	}
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

func TestLoadDeviceProfile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p, err := LoadDeviceProfile(write("mi9.json", `{"base": "android", "device": {"brand": "Xiaomi", "model": "MI 9"},
		"window": {"safeArea": {"top": 30}}, "behaviour": {"closeWhileConnecting": "ignore"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if p.Platform != "android" || p.device.get("brand") != "Xiaomi" || p.device.get("system") != "Android 14" {
		t.Errorf("merged device: %v", p.device)
	}
	if sa := p.window.get("safeArea").(jsonObject); sa.get("top") != 30.0 || sa.get("bottom") != 914.0 {
		t.Errorf("nested merge: %v", sa)
	}
	if p.closeWhileConnecting != CloseIgnored || p.domainRejection != "fail:url not in domain list" {
		t.Errorf("behaviours: %v %q", p.closeWhileConnecting, p.domainRejection)
	}
	if !strings.HasSuffix(p.Name, "mi9.json") {
		t.Errorf("name %q", p.Name)
	}
	// Without a base, the DevTools'.
	if p, err := LoadDeviceProfile(write("plain.json", `{"name": "plain"}`)); err != nil || p.Platform != "devtools" || p.Name != "plain" {
		t.Errorf("no base: %v %v", p, err)
	}
	for name, data := range map[string]string{
		"bad-json.json":   `{"base": `,
		"bad-base.json":   `{"base": "nokia"}`,
		"bad-mode.json":   `{"behaviour": {"closeWhileConnecting": "sometimes"}}`,
		"unknown.json":    `{"devise": {}}`,
		"not-object.json": `{"device": [1]}`,
	} {
		if _, err := LoadDeviceProfile(write(name, data)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want an error naming the file", name, err)
		}
	}
	if _, err := LoadDeviceProfile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("a missing file loaded")
	}
}
