// Package jest holds the parts of jest that `wxrun test` runs on goja — expect (with
// jest-matcher-utils, jest-diff and pretty-format), jest-mock and @sinonjs/fake-timers —
// as published on npm, bundled by gen.sh into one script. See README.md.
package jest

import _ "embed"

// Source is jest.bundle.js: a script that defines the global __wxrunJest to
// { expect, ModuleMocker, FakeTimers, prettyFormat, diff, matcherUtils }. Run it in a
// function scope where `global` is the global object and `process` a stand-in with
// cwd() and env.
//
//go:embed jest.bundle.js
var Source string
