package kvstore

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// helperEnv makes the test binary run writeForever instead of the tests: the process
// that TestKilledWriterLosesNothing kills.
const helperEnv = "WXRUN_KVSTORE_WRITER"

func TestMain(m *testing.M) {
	if path := os.Getenv(helperEnv); path != "" {
		writeForever(path)
		return
	}
	goleak.VerifyTestMain(m)
}

// writeForever writes keys k0, k1, … to the store at path, printing "ack N" once Set N
// has returned — the moment the write is acknowledged to the script. It also overwrites
// one growing key, so that pages are rewritten and freed, not only appended.
func writeForever(path string) {
	s, err := Open(path, WeChatLimits)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		big := strings.Repeat("x", (i%50)*100)
		err := s.Set(KV{"k" + strconv.Itoa(i), Item{"Number", []byte(strconv.Itoa(i))}}, KV{"big", Item{"String", []byte(big)}})
		if err != nil {
			fmt.Println("set:", err)
			os.Exit(2)
		}
		fmt.Fprintf(w, "ack %d\n", i)
		_ = w.Flush()
	}
}

func stores(t *testing.T) map[string]func() *Store {
	return map[string]func() *Store{
		"memory": func() *Store { return Memory(Limits{PerItem: 10, Total: 30}) },
		"file": func() *Store {
			s, err := Open(filepath.Join(t.TempDir(), "sub", "x.db"), Limits{PerItem: 10, Total: 30})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
}

func TestOperations(t *testing.T) {
	for name, open := range stores(t) {
		t.Run(name, func(t *testing.T) {
			s := open()
			if err := s.Set(KV{"a", Item{"String", []byte("hello")}}, KV{"b", Item{"Number", []byte("1")}}); err != nil {
				t.Fatal(err)
			}
			items, found, err := s.Get("a", "missing", "b")
			if err != nil {
				t.Fatal(err)
			}
			want := []Item{{"String", []byte("hello")}, {}, {"Number", []byte("1")}}
			if !reflect.DeepEqual(items, want) || !reflect.DeepEqual(found, []bool{true, false, true}) {
				t.Fatalf("Get = %v %v, want %v", items, found, want)
			}
			info, err := s.Info()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(info, Info{Keys: []string{"a", "b"}, Size: 1 + 5 + 1 + 1}) {
				t.Fatalf("Info = %+v", info)
			}

			// Per item: 10 bytes of data.
			if err := s.Set(KV{"c", Item{"String", []byte("12345678901")}}); !errors.Is(err, ErrItemTooLarge) {
				t.Fatalf("11 bytes: %v, want ErrItemTooLarge", err)
			}
			// Total: 30 bytes; 8 used. Replacing "a" (6) with 10 bytes of data → 8-6+11 = 13.
			if err := s.Set(KV{"a", Item{"String", []byte("0123456789")}}); err != nil {
				t.Fatal(err)
			}
			// 13 + 11 + 11 = 35 > 30: refused, and neither written.
			err = s.Set(KV{"x", Item{"String", []byte("0123456789")}}, KV{"y", Item{"String", []byte("0123456789")}})
			if !errors.Is(err, ErrQuotaExceeded) {
				t.Fatalf("over quota: %v", err)
			}
			if info, _ := s.Info(); !reflect.DeepEqual(info.Keys, []string{"a", "b"}) || info.Size != 13 {
				t.Fatalf("after the refused batch: %+v", info)
			}
			// The same key twice in a batch counts once.
			if err := s.Set(KV{"x", Item{"S", []byte("0123456789")}}, KV{"x", Item{"S", []byte("01234")}}); err != nil {
				t.Fatal(err)
			}
			if items, _, _ := s.Get("x"); string(items[0].Data) != "01234" {
				t.Fatalf("last write wins: %q", items[0].Data)
			}

			if err := s.Delete("a"); err != nil {
				t.Fatal(err)
			}
			if err := s.Delete("never"); err != nil {
				t.Fatal(err)
			}
			if info, _ := s.Info(); !reflect.DeepEqual(info.Keys, []string{"b", "x"}) {
				t.Fatalf("after Delete: %+v", info)
			}
			if err := s.Clear(); err != nil {
				t.Fatal(err)
			}
			if info, _ := s.Info(); len(info.Keys) != 0 || info.Size != 0 {
				t.Fatalf("after Clear: %+v", info)
			}
			if err := s.Check(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestFilePersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := Open(path, WeChatLimits)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte{0, 1, 2, 255}
	if err := s.Set(KV{"bin", Item{"ArrayBuffer", data}}); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, WeChatLimits)
	if err != nil {
		t.Fatal(err)
	}
	items, found, err := s2.Get("bin")
	if err != nil || !found[0] || !reflect.DeepEqual(items[0], Item{"ArrayBuffer", data}) {
		t.Fatalf("reopened: %v %v %v", items, found, err)
	}
}

func TestOpenRefusesWhatIsNotAStore(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("not a bolt file", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(garbage, WeChatLimits); err == nil {
		t.Error("a file that is not a database opened")
	}
	if _, err := Open(dir, WeChatLimits); err == nil {
		t.Error("a directory opened")
	}
}

// Two stores on one file — two runs of the same project — write concurrently; the file
// lock makes them take turns, and every write is there afterwards.
func TestConcurrentOpens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for w := range 2 {
		s, err := Open(path, WeChatLimits)
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 30 {
				if err := s.Set(KV{fmt.Sprintf("w%d-%d", w, i), Item{"Number", []byte(strconv.Itoa(i))}}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s, err := Open(path, WeChatLimits)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info()
	if err != nil {
		t.Fatal(err)
	}
	if len(info.Keys) != 60 {
		t.Fatalf("%d keys after two writers of 30, want 60", len(info.Keys))
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
}

// A session keeps the file locked: another process (here another Store) waits for it.
func TestSessionHoldsTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	a, err := Open(path, WeChatLimits)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(path, WeChatLimits)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan time.Duration, 1)
	err = a.Session(func() error {
		start := time.Now()
		go func() {
			_ = b.Set(KV{"b", Item{"String", []byte("1")}})
			done <- time.Since(start)
		}()
		time.Sleep(200 * time.Millisecond)
		return a.Set(KV{"a", Item{"String", []byte("1")}})
	})
	if err != nil {
		t.Fatal(err)
	}
	if waited := <-done; waited < 200*time.Millisecond {
		t.Fatalf("the other store wrote after %v, inside the session", waited)
	}
}

// The process writing is killed with SIGKILL at an arbitrary moment, many times over:
// every write it acknowledged is in the file, and the file passes bbolt's check.
func TestKilledWriterLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	path := filepath.Join(t.TempDir(), "killed.db")
	acked := -1
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), helperEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		seen := 0
		for sc.Scan() {
			line := sc.Text()
			n, err := strconv.Atoi(strings.TrimPrefix(line, "ack "))
			if err != nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				t.Fatalf("round %d: helper said %q", round, line)
			}
			acked = max(acked, n)
			if seen++; seen == 20+round*7 {
				// Kill it mid-stream: it is writing the next key right now.
				_ = cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
		for sc.Scan() {
			if n, err := strconv.Atoi(strings.TrimPrefix(sc.Text(), "ack ")); err == nil {
				acked = max(acked, n)
			}
		}
		_ = cmd.Wait()

		s, err := Open(path, WeChatLimits)
		if err != nil {
			t.Fatalf("round %d: reopening after the kill: %v", round, err)
		}
		if err := s.Check(); err != nil {
			t.Fatalf("round %d: file corrupt: %v", round, err)
		}
		keys := make([]string, acked+1)
		for i := range keys {
			keys[i] = "k" + strconv.Itoa(i)
		}
		items, found, err := s.Get(keys...)
		if err != nil {
			t.Fatal(err)
		}
		for i := range keys {
			if !found[i] || string(items[i].Data) != strconv.Itoa(i) {
				t.Fatalf("round %d: acknowledged write k%d lost (found=%v)", round, i, found[i])
			}
		}
	}
	if acked < 40 {
		t.Fatalf("only %d writes acknowledged in all rounds", acked+1)
	}
}
