package wxapi

import "testing"

func TestLoginCodeAndLogManagers(t *testing.T) {
	out := runJS(t, `
		wx.login({ success(res) { console.log(res.code) } });
		wx.getRealtimeLogManager().warn("rt", 1);
		wx.getLogManager().debug("lm", { a: 1 });
	`, WithLoginCode("code-for-test"))
	if want := "rt 1\nlm { a: 1 }\ncode-for-test\n"; out != want {
		t.Fatalf("printed %q, want %q", out, want)
	}
}
