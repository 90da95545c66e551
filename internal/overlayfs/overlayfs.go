// Package overlayfs serves a few files from memory on top of another file system: the way
// `wxrun demo` runs the embedded sample mini program with one generated file (config.js,
// naming the server it started) in place of the shipped one, without copying the sample
// anywhere.
package overlayfs

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// FS is a read-only file system: a base file system with some files replaced or added.
// A name given to New reads as its content — a regular file, mode 0444, modification time
// zero — and appears in its directory's listing; every other name is the base's. Symbolic
// links are the base's (FS implements fs.ReadLinkFS when reading them), resolved within the
// base: a link to an overlaid name reads the base's file.
//
// An FS is safe for concurrent use if its base is.
type FS struct {
	base  fs.FS
	files map[string][]byte   // overlaid name → content
	dirs  map[string][]string // directory → base names of the overlaid files in it
}

// New returns base with files (slash paths as fs.ValidPath accepts them → contents) laid
// over it. Each file's directory must exist in base, and no file may name a directory of
// base: the overlay replaces and adds files, it does not create or hide directories. The
// contents are copied.
func New(base fs.FS, files map[string][]byte) (*FS, error) {
	o := &FS{base: base, files: make(map[string][]byte, len(files)), dirs: make(map[string][]string)}
	for name, data := range files {
		if !fs.ValidPath(name) || name == "." {
			return nil, fmt.Errorf("overlayfs: %q is not a valid file name", name)
		}
		dir := path.Dir(name)
		if st, err := fs.Stat(base, dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("overlayfs: %s: the directory %s does not exist in the base file system", name, dir)
		}
		if st, err := fs.Stat(base, name); err == nil && st.IsDir() {
			return nil, fmt.Errorf("overlayfs: %s is a directory in the base file system", name)
		}
		o.files[name] = bytes.Clone(data)
		o.dirs[dir] = append(o.dirs[dir], path.Base(name))
	}
	return o, nil
}

// Open opens name: an overlaid file from memory, a directory holding overlaid files with
// them in its listing, anything else from the base.
func (o *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if data, ok := o.files[name]; ok {
		return &file{info: fileInfo{name: path.Base(name), size: int64(len(data))}, r: bytes.NewReader(data)}, nil
	}
	f, err := o.base.Open(name)
	if err != nil {
		return nil, err
	}
	if added, ok := o.dirs[name]; ok {
		d, isDir := f.(fs.ReadDirFile)
		if !isDir {
			f.Close()
			return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("overlayfs: the base directory cannot be listed")}
		}
		return &dir{ReadDirFile: d, o: o, path: name, added: added}, nil
	}
	return f, nil
}

// Lstat describes name without following a final symbolic link (fs.ReadLinkFS).
func (o *FS) Lstat(name string) (fs.FileInfo, error) {
	if data, ok := o.files[name]; ok {
		return fileInfo{name: path.Base(name), size: int64(len(data))}, nil
	}
	return fs.Lstat(o.base, name)
}

// ReadLink returns the target of the symbolic link name of the base (fs.ReadLinkFS). An
// overlaid file is not a link.
func (o *FS) ReadLink(name string) (string, error) {
	if _, ok := o.files[name]; ok {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return fs.ReadLink(o.base, name)
}

// file is an open overlaid file.
type file struct {
	info fileInfo
	r    *bytes.Reader
}

func (f *file) Stat() (fs.FileInfo, error)                   { return f.info, nil }
func (f *file) Read(p []byte) (int, error)                   { return f.r.Read(p) }
func (f *file) ReadAt(p []byte, off int64) (int, error)      { return f.r.ReadAt(p, off) }
func (f *file) Seek(offset int64, whence int) (int64, error) { return f.r.Seek(offset, whence) }
func (f *file) Close() error                                 { return nil }

// fileInfo describes an overlaid file.
type fileInfo struct {
	name string
	size int64
}

func (fi fileInfo) Name() string       { return fi.name }
func (fi fileInfo) Size() int64        { return fi.size }
func (fi fileInfo) Mode() fs.FileMode  { return 0o444 }
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return false }
func (fi fileInfo) Sys() any           { return nil }

// dir is an open base directory that holds overlaid files: its listing is the base's with
// those files' entries put in (replacing the base's of the same name), sorted by name.
type dir struct {
	fs.ReadDirFile
	o       *FS
	path    string
	added   []string
	entries []fs.DirEntry // the merged listing, built by the first ReadDir
	read    bool
	offset  int
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.read {
		base, err := d.ReadDirFile.ReadDir(-1)
		if err != nil {
			return nil, err
		}
		byName := make(map[string]fs.DirEntry, len(base)+len(d.added))
		for _, e := range base {
			byName[e.Name()] = e
		}
		for _, name := range d.added {
			full := path.Join(d.path, name)
			byName[name] = fs.FileInfoToDirEntry(fileInfo{name: name, size: int64(len(d.o.files[full]))})
		}
		for _, e := range byName {
			d.entries = append(d.entries, e)
		}
		slices.SortFunc(d.entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
		d.read = true
	}
	rest := d.entries[d.offset:]
	if n <= 0 {
		d.offset = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.offset += len(rest)
	return rest, nil
}
