# wxrun developer tasks. `make test` is what CI runs (.ci/run).

GO ?= go

.PHONY: all build test vet fmt-check fmt bench demo clean jest-compat

all: build

## build: compile the wxrun binary into bin/wxrun (static: no cgo, pure-Go DNS resolver)
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/wxrun ./cmd/wxrun

## test: go vet, the gofmt check, then every test with the race detector
test: vet fmt-check
	$(GO) test -race ./...

vet:
	$(GO) vet ./...

## fmt-check: fail, listing the files, if any Go file is not gofmt-formatted
fmt-check:
	@unformatted="$$(gofmt -l .)"; \
	if [ -n "$$unformatted" ]; then \
		echo "These files are not gofmt-formatted (run 'make fmt'):"; \
		echo "$$unformatted"; \
		exit 1; \
	fi

## fmt: format every Go file in place
fmt:
	gofmt -w .

## bench: the Go benchmarks, then the side-by-side comparison with Node.js (needs node
## and npm; see bench/README.md). About 5–6 minutes on 2 cores. Examples:
##   make bench COMPAREFLAGS=-quick                     # comparison in about a minute
##   make bench COMPAREFLAGS="-out bench/RESULTS.md"    # record the results
BENCHTIME ?= 1s
COMPAREFLAGS ?=
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...
	$(GO) run ./bench/cmd/compare $(COMPAREFLAGS)

## jest-compat: run testrunner/testdata/compat under jest 29 (installed from npm into a
## temporary folder) and under wxrun test, and compare the outcomes (needs node and npm)
jest-compat:
	WXRUN_JEST_COMPAT=1 $(GO) test -run TestJestCompat -v ./testrunner

## demo: run the bundled chat sample against the built-in server
demo:
	$(GO) run ./cmd/wxrun demo

clean:
	rm -rf bin
