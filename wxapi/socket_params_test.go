package wxapi

import (
	"math"
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
		// Past what a Duration holds (about 292 years) is no limit, not a wrap-around.
		{"Infinity is the largest duration", nil, `({url: "wss://x", timeout: Infinity})`, math.MaxInt64},
		{"1e300 is the largest duration", nil, `({url: "wss://x", timeout: 1e300})`, math.MaxInt64},
		{"MAX_VALUE is the largest duration", nil, `({url: "wss://x", timeout: Number.MAX_VALUE})`, math.MaxInt64},
		{"just past a Duration", nil, `({url: "wss://x", timeout: 9223372036855})`, math.MaxInt64},
		{"within a Duration", nil, `({url: "wss://x", timeout: 9e12})`, 9e12 * time.Millisecond},
		{"2**53 ms", nil, `({url: "wss://x", timeout: 2**53})`, math.MaxInt64},
		{"NaN is unset", []Option{WithConnectTimeout(time.Second)}, `({url: "wss://x", timeout: NaN})`, time.Second},
		{"-Infinity is unset", []Option{WithConnectTimeout(time.Second)}, `({url: "wss://x", timeout: -Infinity})`, time.Second},
		{"a BigInt is unset", []Option{WithConnectTimeout(time.Second)}, `({url: "wss://x", timeout: 10n})`, time.Second},
		{"a Symbol is unset", []Option{WithConnectTimeout(time.Second)}, `({url: "wss://x", timeout: Symbol()})`, time.Second},
		{"a Number object is unset", []Option{WithConnectTimeout(time.Second)}, `({url: "wss://x", timeout: new Number(250)})`, time.Second},
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
