package wxapi

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
)

// The files behind wx.downloadFile, wx.uploadFile and wx.getFileSystemManager(): one
// directory per project (FilesDir, next to the storage file, or a temporary directory
// removed with the runtime when the API is embedded without WithDataDir), read and written
// only through an os.Root, so nothing a script names — "..", a symlink — reaches outside
// it. Inside:
//
//	usr/            wx.env.USER_DATA_PATH, "wxfile://usr/…": the user's files, 200 MB at most
//	store/          saved files, "wxfile://store_…" (FileSystemManager.saveFile without filePath)
//	runs/ID/        one run's own (several runs of a project may share the directory):
//	  tmp/          its temporary files, "wxfile://tmp_…" (wx.downloadFile without
//	                filePath), which last one run, as one launch
//	  partial/      files being written, renamed into place when complete (atomic writes)
//	  lock          locked while the run lasts (where flock exists): a run that finds
//	                another's directory unlocked removes it, the remains of a crash
//
// Paths without the wxfile:// scheme are code-package paths, read-only, relative to the
// project root (the runtime's Root()).

// DefaultFileStorageLimit is how much the user's files (usr and saved files) may take:
// the 200 MB WeChat documents for the local user file storage.
const DefaultFileStorageLimit = 200 << 20

// maxDownloadSize is the largest file one wx.downloadFile may write, as WeChat documents.
const maxDownloadSize = 200 << 20

// The prefixes of the three writable areas' paths.
const (
	usrPrefix   = UserDataPath // "wxfile://usr"
	tmpPrefix   = "wxfile://tmp_"
	storePrefix = "wxfile://store_"
)

// FilesDir is where a project's files are kept under a data directory: DIR/files/APPID,
// next to its storage file (StorageFile).
func FilesDir(dataDir, appID string) string {
	return filepath.Join(dataDir, "files", safeFileName(appID))
}

// fileStore is the API's file area. Its methods are safe from any goroutine: os.Root is,
// mu serialises the steps that check the size limit and then write, and openMu the
// opening. The area is opened (its directory made, temporary files cleared) on first use,
// so a run that never touches a file writes nothing to disk.
type fileStore struct {
	dir       string // "" until opened, when there is no data directory
	fresh     bool   // WithFreshStorage: empty the user's and saved files when opening
	codeDir   string // the code package, the runtime's root ("" without one)
	limit     int64
	root      *os.Root
	temporary bool // dir was made for this API: removed at shutdown
	code      *os.Root
	mu        sync.Mutex

	openMu  sync.Mutex
	opened  bool
	closed  bool
	openErr error
	run     string   // "runs/ID": this run's directory
	lock    *os.File // its lock, held while the area is open
}

// initFiles records where the file area is to be: FilesDir(WithDataDir, appid), else a
// new temporary directory. WithFreshStorage empties the user's and saved files too; the
// temporary files of an earlier run are always gone.
func (a *API) initFiles() {
	s := &a.files
	s.limit = a.cfg.fileLimit
	s.fresh = a.cfg.freshStorage
	s.codeDir = a.host.Root()
	if a.cfg.dataDir != "" {
		s.dir = FilesDir(a.cfg.dataDir, a.cfg.appID)
	}
}

// open opens the area once; every later call returns the first one's error.
func (s *fileStore) open() error {
	s.openMu.Lock()
	defer s.openMu.Unlock()
	if s.closed {
		return errors.New("the runtime has shut down")
	}
	if !s.opened {
		s.opened = true
		s.openErr = s.openOnce()
	}
	return s.openErr
}

func (s *fileStore) openOnce() error {
	if s.dir != "" {
		if err := os.MkdirAll(s.dir, 0o700); err != nil {
			return err
		}
	} else {
		dir, err := os.MkdirTemp("", "wxrun-files-")
		if err != nil {
			return err
		}
		s.dir, s.temporary = dir, true
	}
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		return err
	}
	s.root = root
	if s.fresh {
		for _, d := range []string{"usr", "store"} {
			if err := root.RemoveAll(d); err != nil {
				return err
			}
		}
	}
	// The run's directory is made and locked under a name the sweep of stale runs skips,
	// then renamed: another run never sees it unlocked.
	id := randomName("", "")
	making := "runs/.new-" + id
	for _, d := range []string{"usr", "store", making + "/tmp", making + "/partial"} {
		if err := root.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	if s.lock, err = root.OpenFile(making+"/lock", os.O_RDWR|os.O_CREATE, 0o600); err != nil {
		return err
	}
	if err := lockFile(s.lock); err != nil {
		return err
	}
	s.run = "runs/" + id
	if err := root.Rename(making, s.run); err != nil {
		return err
	}
	s.removeStaleRuns()
	if s.codeDir != "" {
		if code, err := os.OpenRoot(s.codeDir); err == nil {
			s.code = code
		}
	}
	return nil
}

// clearTemporary deletes the temporary files, as a new launch finds none, if the area is
// open.
func (s *fileStore) clearTemporary() {
	s.openMu.Lock()
	defer s.openMu.Unlock()
	if s.root != nil && !s.closed {
		_ = s.root.RemoveAll(s.run + "/tmp")
		_ = s.root.MkdirAll(s.run+"/tmp", 0o700)
	}
}

// removeStaleRuns removes the run directories whose lock nobody holds: runs that ended
// without closing (a crash, kill -9). Where there is no flock, none is removed.
func (s *fileStore) removeStaleRuns() {
	entries, _ := fs.ReadDir(s.root.FS(), "runs")
	for _, e := range entries {
		dir := "runs/" + e.Name()
		if dir == s.run || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		f, err := s.root.OpenFile(dir+"/lock", os.O_RDWR, 0)
		if err != nil {
			continue // being made, or not a run's
		}
		if tryLockFile(f) {
			_ = s.root.RemoveAll(dir)
		}
		_ = f.Close()
	}
}

// FilesPath is the directory the file system API keeps the project's files in: under
// WithDataDir, FilesDir; without, a temporary directory made on first use ("" before).
// Safe from any goroutine.
func (a *API) FilesPath() string {
	a.files.openMu.Lock()
	defer a.files.openMu.Unlock()
	return a.files.dir
}

func (s *fileStore) close() {
	s.openMu.Lock()
	defer s.openMu.Unlock()
	s.closed = true
	if s.root != nil {
		if s.lock != nil {
			_ = s.root.RemoveAll(s.run) // its temporary files last one run
			_ = s.lock.Close()          // which releases the lock
		}
		_ = s.root.Close()
	}
	if s.code != nil {
		_ = s.code.Close()
	}
	if s.temporary {
		_ = os.RemoveAll(s.dir)
	}
}

// area is where a path points.
type area int

const (
	areaNone  area = iota // a wxfile:// path outside the three areas: nothing is there
	areaUsr               // writable, counted in the limit
	areaStore             // saved files: read, remove
	areaTmp               // temporary files: read, remove
	areaCode              // the code package: read only
)

// loc is a resolved path: the root it is in and the slash path inside it.
type loc struct {
	given string // as the script wrote it, for errMsg texts
	area  area
	root  *os.Root
	rel   string // "usr/a/b.txt"; "." for the code package's top
}

func (l loc) writable() bool { return l.area == areaUsr && l.rel != "usr" }

// fsError is a failed file operation, as WeChat's FileSystemManager reports it.
type fsError int

const (
	fsNotExist fsError = iota + 1
	fsPermission
	fsExists
	fsNotEmpty
	fsNotDir
	fsIsDir
	fsNotPermitted // unlink of a directory
	fsLimit
	fsOther
)

// errno is the FileSystemManager error code of e (the "错误码" table).
func (e fsError) errno() int {
	switch e {
	case fsNotExist:
		return 1300002
	case fsPermission:
		return 1300013
	case fsExists:
		return 1301005
	case fsNotEmpty:
		return 1300066
	case fsNotDir:
		return 1300020
	case fsIsDir:
		return 1301003
	case fsNotPermitted:
		return 1300001
	case fsLimit:
		return 1300202
	}
	return 1300201 // system error
}

func (e fsError) Error() string { return fmt.Sprintf("fs error %d", int(e)) }

// classify maps an os error to the fsError WeChat reports for it. An os.Root refusing a
// path that leaves it (a symlink out) is a permission error, as a sandbox's is.
func classify(err error) fsError {
	var e fsError
	switch {
	case errors.As(err, &e):
		return e
	case errors.Is(err, fs.ErrNotExist):
		return fsNotExist
	case errors.Is(err, syscall.ENOTEMPTY): // before ErrExist, which matches it too
		return fsNotEmpty
	case errors.Is(err, fs.ErrExist):
		return fsExists
	case errors.Is(err, syscall.ENOTDIR):
		return fsNotDir
	case errors.Is(err, syscall.EISDIR):
		return fsIsDir
	case errors.Is(err, fs.ErrPermission), strings.Contains(err.Error(), "escapes"):
		return fsPermission
	}
	return fsOther
}

// resolve finds where p points. A ".." that would leave its area (or the code package) is
// refused with a permission error, as is anything but the three wxfile:// areas and the
// code package.
func (s *fileStore) resolve(p string) (loc, error) {
	l := loc{given: p}
	if err := s.open(); err != nil {
		return l, err
	}
	var top, rest string
	switch {
	case p == usrPrefix || strings.HasPrefix(p, usrPrefix+"/"):
		l.area, l.root, top, rest = areaUsr, s.root, "usr", strings.TrimPrefix(p, usrPrefix)
	case strings.HasPrefix(p, tmpPrefix):
		l.area, l.root, top, rest = areaTmp, s.root, s.run+"/tmp", "tmp_"+strings.TrimPrefix(p, tmpPrefix)
	case strings.HasPrefix(p, storePrefix):
		l.area, l.root, top, rest = areaStore, s.root, "store", "store_"+strings.TrimPrefix(p, storePrefix)
	case strings.HasPrefix(p, "wxfile://") || strings.Contains(p, "://"):
		return l, fsNotExist
	default:
		l.area, l.root, top, rest = areaCode, s.code, ".", p
		if s.code == nil {
			return l, fsNotExist
		}
	}
	var parts []string
	for _, seg := range strings.Split(rest, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(parts) == 0 {
				return l, fsPermission
			}
			parts = parts[:len(parts)-1]
		default:
			parts = append(parts, seg)
		}
	}
	if (l.area == areaTmp || l.area == areaStore) && len(parts) != 1 {
		return l, fsNotExist // one flat directory each
	}
	l.rel = path.Join(append([]string{top}, parts...)...)
	return l, nil
}

// usage is the size of the user's files and saved files. Caller holds mu.
func (s *fileStore) usage() int64 {
	var total int64
	for _, d := range []string{"usr", "store"} {
		_ = fs.WalkDir(s.root.FS(), d, func(_ string, e fs.DirEntry, err error) error {
			if err == nil && e.Type().IsRegular() {
				if info, err := e.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
	}
	return total
}

// randomName is a new file name: prefix, 16 hex digits, ext.
func randomName(prefix, ext string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b) + ext
}

// createPartial creates a file in the run's partial/ for content to be renamed into place.
func (s *fileStore) createPartial() (*os.File, string, error) {
	if err := s.open(); err != nil {
		return nil, "", err
	}
	name := s.run + "/partial/" + randomName("", "")
	f, err := s.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	return f, name, err
}

// commit renames the complete file partial to dest (its size is size), replacing a file
// there: the parent must exist, dest must not be a directory, and the user's files must
// stay within the limit when dest is one of them. partial is removed if it is not moved.
func (s *fileStore) commit(partial string, size int64, dest loc) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.checkWrite(dest, size)
	if err == nil {
		err = s.root.Rename(partial, dest.rel)
	}
	if err != nil {
		_ = s.root.Remove(partial)
		return err
	}
	// The new name is durable once its folder is: then a crash loses nothing.
	if d, err := s.root.Open(path.Dir(dest.rel)); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// checkWrite checks that size bytes may replace dest. Caller holds mu.
func (s *fileStore) checkWrite(dest loc, size int64) error {
	if parent, err := s.root.Stat(path.Dir(dest.rel)); err != nil {
		return err
	} else if !parent.IsDir() {
		return fsNotDir
	}
	var old int64
	if info, err := s.root.Stat(dest.rel); err == nil {
		if info.IsDir() {
			return fsIsDir
		}
		old = info.Size()
	}
	if dest.area == areaUsr || dest.area == areaStore {
		if s.usage()-old+size > s.limit {
			return fsLimit
		}
	}
	return nil
}

// write replaces dest's content with data (appending to what is there with add, which
// needs the file to exist), atomically: a new file renamed over the old one.
func (s *fileStore) write(dest loc, data []byte, add bool) error {
	if add {
		info, err := s.root.Stat(dest.rel)
		switch {
		case err != nil:
			return err
		case info.IsDir():
			return fsIsDir
		}
		old, err := s.root.ReadFile(dest.rel)
		if err != nil {
			return err
		}
		data = append(old, data...)
	}
	return s.writeThrough(dest, func(w io.Writer) (int64, error) {
		n, err := w.Write(data)
		return int64(n), err
	})
}

// writeThrough gives dest new content through a partial file: fill writes it (and says
// how much it wrote), then the file is synced, closed and moved into place by commit.
// On any failure the partial file is removed and dest is left as it was.
func (s *fileStore) writeThrough(dest loc, fill func(io.Writer) (int64, error)) error {
	f, partial, err := s.createPartial()
	if err != nil {
		return err
	}
	n, err := fill(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = s.root.Remove(partial)
		return err
	}
	return s.commit(partial, n, dest)
}

// copyInto copies the file at src (any readable area) to dest through a partial file.
func (s *fileStore) copyInto(src, dest loc) error {
	in, err := src.root.Open(src.rel)
	if err != nil {
		return err
	}
	defer in.Close()
	if info, err := in.Stat(); err != nil {
		return err
	} else if info.IsDir() {
		return fsIsDir
	}
	return s.writeThrough(dest, func(w io.Writer) (int64, error) { return io.Copy(w, in) })
}

// move renames src to dest, both in the file area: the limit is checked when a file
// enters the user's files from the temporary ones.
func (s *fileStore) move(src, dest loc) error {
	info, err := s.root.Stat(src.rel)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !info.IsDir() {
		size := info.Size()
		if src.area == areaUsr || src.area == areaStore {
			size = 0 // already counted
		}
		if err := s.checkWrite(dest, size); err != nil {
			return err
		}
	} else if _, err := s.root.Stat(path.Dir(dest.rel)); err != nil {
		return err
	}
	return s.root.Rename(src.rel, dest.rel)
}
