package runtime_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/wxrun/wxrun/runtime"
)

// Embedding: create a runtime, hand it work from another goroutine, run until idle.
func Example() {
	rt, err := runtime.New(runtime.WithRoot(os.TempDir()), runtime.WithStdout(os.Stdout))
	if err != nil {
		panic(err)
	}
	defer rt.Close()

	// A Go producer keeps the loop alive with a Hold and delivers work with Submit.
	hold := rt.Hold("example producer")
	go func() {
		defer hold.Release()
		rt.Submit(func() { rt.CallFunction(rt.SharedGlobal().Get("onData"), nil, rt.VM().ToValue("from Go")) })
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = rt.RunString(ctx, "main.js", `
		global.onData = function (s) { console.log("received", s) };
		setTimeout(function () { console.log("timer fired") }, 10);
	`)
	fmt.Println("error:", err)
	// Output:
	// received from Go
	// timer fired
	// error: <nil>
}
