package wxapi

import (
	"testing"
	"time"
)

// The handshake timeout's precedence (spec §8): the call's own positive `timeout`, then
// app.json's networkTimeout.connectSocket (WithConnectTimeout), then 60 s.
func TestHandshakeTimeoutPrecedence(t *testing.T) {
	for _, c := range []struct {
		name   string
		opts   []Option
		script string
		want   time.Duration
	}{
		{"default", nil, `({url: "wss://x"})`, 60 * time.Second},
		{"app.json", []Option{WithConnectTimeout(1500 * time.Millisecond)}, `({url: "wss://x"})`, 1500 * time.Millisecond},
		{"call wins", []Option{WithConnectTimeout(1500 * time.Millisecond)}, `({url: "wss://x", timeout: 250})`, 250 * time.Millisecond},
		{"non-number is unset", nil, `({url: "wss://x", timeout: "250"})`, 60 * time.Second},
		{"non-positive is unset", []Option{WithConnectTimeout(time.Second)}, `({url: "wss://x", timeout: 0})`, time.Second},
		{"fractional ms", nil, `({url: "wss://x", timeout: 2.5})`, 2500 * time.Microsecond},
	} {
		a := newParseAPI(t, c.opts...)
		v, err := a.vm.RunString(c.script)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.readConnectOptions(v.ToObject(a.vm)).dial.timeout; got != c.want {
			t.Errorf("%s: timeout %v, want %v", c.name, got, c.want)
		}
	}
}
