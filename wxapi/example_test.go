package wxapi_test

import (
	"context"
	"fmt"
	"os"

	"github.com/wxrun/wxrun/devserver"
	"github.com/wxrun/wxrun/runtime"
	"github.com/wxrun/wxrun/wxapi"
)

// Running mini program socket code from Go: a runtime, the wx API on it, a script that
// talks to a local echo server, and the loop run until the socket has closed.
func Example() {
	srv, err := devserver.Start("127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	rt, err := runtime.New(runtime.WithRoot(os.TempDir()), runtime.WithStdout(os.Stdout))
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	if _, err := wxapi.Install(rt); err != nil {
		panic(err)
	}
	err = rt.RunString(context.Background(), "main.js", `
		const task = wx.connectSocket({ url: "`+srv.URL()+`/echo" });
		task.onOpen(() => task.send({ data: "hello" }));
		task.onMessage((res) => { console.log("echo:", res.data); task.close() });
		task.onClose((res) => console.log("closed", res.code));
	`)
	fmt.Println("error:", err)
	// Output:
	// echo: hello
	// closed 1000
	// error: <nil>
}
