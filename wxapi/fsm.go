package wxapi

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"path"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// wx.getFileSystemManager(): the FileSystemManager functions that go with downloads and
// uploads (see the README for the list), over the file area of files.go.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/file/FileSystemManager.html
//
// Every operation runs on the loop goroutine when it is called — file calls apply in call
// order, sync or not — and the async forms report on a later turn. Failures have WeChat's
// texts ("readFile:fail no such file or directory, open wxfile://usr/x") and errno; the
// *Sync forms throw an Error with that message ("readFileSync:fail …") and errno. A wrong
// parameter type fails with the base library's parameter error. The async forms are not
// promisified.

// fsReason is the errMsg reason for e on the path p (for rename and copyFile, "a -> b"),
// in the words of WeChat's catalogue: ", open p" for the calls that open a file, " p" for
// the others.
func fsReason(e fsError, op, p string) string {
	target := " " + p
	if op == "open" || op == "rename" || op == "copyFile" {
		target = ", " + op + " " + p
	}
	switch e {
	case fsNotExist:
		return "no such file or directory" + target
	case fsPermission:
		if op != "open" {
			target = ", open " + p
		}
		return "permission denied" + target
	case fsExists:
		return "file already exists " + p
	case fsNotEmpty:
		return "directory not empty"
	case fsNotDir:
		return "not a directory " + p
	case fsNotPermitted:
		return "operation not permitted, " + op + " " + p
	case fsIsDir:
		return `illegal operation on a directory, open "` + p + `"`
	case fsLimit:
		return "the maximum size of the file storage limit is exceeded"
	}
	return "system error"
}

// fsFailure is a failed FileSystemManager operation.
type fsFailure struct {
	reason string
	errno  int // 0: none (a parameter error has 1001, in parameterError)
	param  string
}

func fsFail(err error, op, p string) *fsFailure {
	e := classify(err)
	return &fsFailure{reason: fsReason(e, op, p), errno: e.errno()}
}

// fsArgs reads an operation's arguments: the options object's properties for the async
// form, the positional arguments for the sync one. The first wrong type is kept as the
// parameter error the call fails with.
type fsArgs struct {
	a       *API
	get     func(i int, name string) goja.Value
	problem string
}

func (x *fsArgs) value(i int, name string) goja.Value { return x.get(i, name) }

// str reads a required string.
func (x *fsArgs) str(i int, name string) string {
	v := x.get(i, name)
	s, ok := stringArg(v)
	if !ok && x.problem == "" {
		x.problem = "parameter." + name + " should be String instead of " + x.a.jsTypeName(v) + ";"
	}
	return s
}

// optStr reads an optional string: absent (undefined) is "".
func (x *fsArgs) optStr(i int, name string) string {
	v := x.get(i, name)
	if kindOf(v) == kindUndefined {
		return ""
	}
	return x.str(i, name)
}

// fsOp is one FileSystemManager operation: its sync form returns the value of its first
// res field (undefined without one).
type fsOp struct {
	name string
	sync bool // there is a <name>Sync
	run  func(a *API, x *fsArgs) ([]Field, *fsFailure)
}

var fsOps = []fsOp{
	{"readFile", true, (*API).fsReadFile},
	{"writeFile", true, func(a *API, x *fsArgs) ([]Field, *fsFailure) { return a.fsWrite(x, false) }},
	{"appendFile", true, func(a *API, x *fsArgs) ([]Field, *fsFailure) { return a.fsWrite(x, true) }},
	{"access", true, (*API).fsAccess},
	{"stat", true, (*API).fsStat},
	{"readdir", true, (*API).fsReaddir},
	{"mkdir", true, (*API).fsMkdir},
	{"rmdir", true, (*API).fsRmdir},
	{"unlink", true, (*API).fsUnlink},
	{"copyFile", true, (*API).fsCopyFile},
	{"rename", true, (*API).fsRename},
	{"saveFile", true, (*API).fsSaveFile},
	{"getFileInfo", false, (*API).fsGetFileInfo},
	{"getSavedFileList", false, (*API).fsGetSavedFileList},
	{"removeSavedFile", false, (*API).fsRemoveSavedFile},
}

// installFiles defines wx.getFileSystemManager, which returns the same manager each call.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/file/wx.getFileSystemManager.html
func (a *API) installFiles() {
	a.initFiles()
	m := a.vm.NewObject()
	for _, op := range fsOps {
		op := op
		a.defineAsyncOn(m, op.name, false, func(c *Call) goja.Value {
			x := &fsArgs{a: a, get: func(_ int, name string) goja.Value { return c.Get(name) }}
			fields, fail := op.run(a, x)
			switch {
			case x.problem != "":
				c.FailParameter(x.problem)
			case fail != nil:
				a.host.Submit(func() { c.FailWithErrno(fail.errno, fail.reason) })
			default:
				a.host.Submit(func() { c.Succeed(fields...) })
			}
			return nil
		})
		if !op.sync {
			continue
		}
		name := op.name + "Sync"
		_ = m.Set(name, func(call goja.FunctionCall) goja.Value {
			x := &fsArgs{a: a, get: func(i int, _ string) goja.Value { return call.Argument(i) }}
			fields, fail := op.run(a, x)
			switch {
			case x.problem != "":
				a.throwResult(parameterError(name, x.problem))
			case fail != nil:
				r := failResult(name, fail.reason)
				r.errno = fail.errno
				a.throwResult(r)
			}
			if len(fields) == 0 {
				return goja.Undefined()
			}
			return a.vm.ToValue(fields[0].Value)
		})
	}
	a.defineSync("getFileSystemManager", func(goja.FunctionCall) goja.Value { return m })
}

// resolveFor resolves p for op: an error is the operation's failure.
func (a *API) resolveFor(op, p string, write bool) (loc, *fsFailure) {
	l, err := a.files.resolve(p)
	if err == nil && write && !l.writable() {
		err = fsPermission
	}
	if err != nil {
		return l, fsFail(err, op, p)
	}
	return l, nil
}

// readFile {filePath, encoding} → {data}: an ArrayBuffer without encoding, else a string.
func (a *API) fsReadFile(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "filePath")
	enc := x.optStr(1, "encoding")
	if x.problem != "" {
		return nil, nil
	}
	if enc != "" && !knownEncoding(enc) {
		return nil, &fsFailure{reason: "invalid encoding " + enc, errno: 1300022}
	}
	data, err := a.files.readFile(p)
	if err != nil {
		return nil, fsFail(err, "open", p)
	}
	return []Field{{"data", a.decode(data, enc)}}, nil
}

// writeFile and appendFile {filePath, data, encoding}: data is a string, written in the
// encoding (utf8 by default), or an ArrayBuffer, written as it is.
func (a *API) fsWrite(x *fsArgs, add bool) ([]Field, *fsFailure) {
	p := x.str(0, "filePath")
	v := x.value(1, "data")
	enc := x.optStr(2, "encoding")
	if x.problem != "" {
		return nil, nil
	}
	var data []byte
	switch kindOf(v) {
	case kindString:
		s, _ := stringArg(v)
		if enc != "" && !knownEncoding(enc) {
			return nil, &fsFailure{reason: "invalid encoding " + enc, errno: 1300022}
		}
		data = encodeString(s, enc)
	case kindArrayBuffer:
		ab, _ := v.Export().(goja.ArrayBuffer)
		data = append([]byte{}, ab.Bytes()...)
	default:
		x.problem = "parameter.data should be String/ArrayBuffer instead of " + a.jsTypeName(v) + ";"
		return nil, nil
	}
	l, fail := a.resolveFor("open", p, true)
	if fail != nil {
		return nil, fail
	}
	if err := a.files.write(l, data, add); err != nil {
		return nil, fsFail(err, "open", p)
	}
	return nil, nil
}

// access {path}: ok when the file or directory exists.
func (a *API) fsAccess(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "path")
	if x.problem != "" {
		return nil, nil
	}
	l, fail := a.resolveFor("access", p, false)
	if fail != nil {
		return nil, fail
	}
	if _, err := l.root.Stat(l.rel); err != nil {
		return nil, fsFail(err, "access", p)
	}
	return nil, nil
}

// stat {path} → {stats}: a Stats object.
func (a *API) fsStat(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "path")
	if x.problem != "" {
		return nil, nil
	}
	l, fail := a.resolveFor("stat", p, false)
	if fail != nil {
		return nil, fail
	}
	info, err := l.root.Stat(l.rel)
	if err != nil {
		return nil, fsFail(err, "stat", p)
	}
	return []Field{{"stats", a.stats(info)}}, nil
}

// stats is a Stats object: mode, size, lastAccessedTime and lastModifiedTime (Unix
// seconds; the access time is the modification time: it is not recorded), isFile() and
// isDirectory().
//
// https://developers.weixin.qq.com/miniprogram/dev/api/file/Stats.html
func (a *API) stats(info fs.FileInfo) *goja.Object {
	mode := int64(info.Mode().Perm())
	if info.IsDir() {
		mode |= 0o040000
	} else {
		mode |= 0o100000
	}
	isDir := info.IsDir()
	o := a.plainObject([]field{
		{"mode", mode},
		{"size", info.Size()},
		{"lastAccessedTime", info.ModTime().Unix()},
		{"lastModifiedTime", info.ModTime().Unix()},
	})
	_ = o.Set("isDirectory", func(goja.FunctionCall) goja.Value { return a.vm.ToValue(isDir) })
	_ = o.Set("isFile", func(goja.FunctionCall) goja.Value { return a.vm.ToValue(!isDir) })
	return o
}

// readdir {dirPath} → {files}: the names in the directory, sorted.
func (a *API) fsReaddir(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "dirPath")
	if x.problem != "" {
		return nil, nil
	}
	l, fail := a.resolveFor("readdir", p, false)
	if fail != nil {
		return nil, fail
	}
	if info, err := l.root.Stat(l.rel); err != nil {
		return nil, fsFail(err, "readdir", p)
	} else if !info.IsDir() {
		return nil, fsFail(fsNotDir, "readdir", p)
	}
	entries, err := fs.ReadDir(l.root.FS(), l.rel)
	if err != nil {
		return nil, fsFail(err, "readdir", p)
	}
	names := make([]any, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return []Field{{"files", a.vm.NewArray(names...)}}, nil
}

// mkdir {dirPath, recursive}: recursive makes the missing parents too, and is content
// with a directory that exists.
func (a *API) fsMkdir(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "dirPath")
	recursive, _ := boolArg(x.value(1, "recursive"))
	if x.problem != "" {
		return nil, nil
	}
	l, fail := a.resolveFor("mkdir", p, true)
	if fail != nil {
		if l.rel == "usr" && fail.errno == fsPermission.errno() {
			return nil, fsFail(fsExists, "mkdir", p) // USER_DATA_PATH itself exists
		}
		return nil, fail
	}
	var err error
	if recursive {
		err = l.root.MkdirAll(l.rel, 0o700)
	} else {
		err = l.root.Mkdir(l.rel, 0o700)
	}
	if err != nil {
		return nil, fsFail(err, "mkdir", p)
	}
	return nil, nil
}

// rmdir {dirPath, recursive}: an empty directory, or with recursive one and everything
// in it.
func (a *API) fsRmdir(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "dirPath")
	recursive, _ := boolArg(x.value(1, "recursive"))
	if x.problem != "" {
		return nil, nil
	}
	l, fail := a.resolveFor("rmdir", p, true)
	if fail != nil {
		return nil, fail
	}
	info, err := l.root.Stat(l.rel)
	switch {
	case err != nil:
		return nil, fsFail(err, "rmdir", p)
	case !info.IsDir():
		return nil, fsFail(fsNotDir, "rmdir", p)
	case recursive:
		err = l.root.RemoveAll(l.rel)
	default:
		err = l.root.Remove(l.rel)
	}
	if err != nil {
		return nil, fsFail(err, "rmdir", p)
	}
	return nil, nil
}

// unlink {filePath}: a file (of the user's, a temporary or a saved one), not a directory.
func (a *API) fsUnlink(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "filePath")
	if x.problem != "" {
		return nil, nil
	}
	l, fail := a.removable("unlink", p)
	if fail != nil {
		return nil, fail
	}
	info, err := l.root.Stat(l.rel)
	switch {
	case err != nil:
		return nil, fsFail(err, "unlink", p)
	case info.IsDir():
		return nil, fsFail(fsNotPermitted, "unlink", p)
	}
	if err := l.root.Remove(l.rel); err != nil {
		return nil, fsFail(err, "unlink", p)
	}
	return nil, nil
}

// removable resolves a path whose file may be removed or moved away: a user, temporary
// or saved file.
func (a *API) removable(op, p string) (loc, *fsFailure) {
	l, fail := a.resolveFor(op, p, false)
	if fail == nil && !l.writable() && l.area != areaTmp && l.area != areaStore {
		fail = fsFail(fsPermission, op, p)
	}
	return l, fail
}

// copyFile {srcPath, destPath}: any readable file to a user file.
func (a *API) fsCopyFile(x *fsArgs) ([]Field, *fsFailure) {
	src := x.str(0, "srcPath")
	dest := x.str(1, "destPath")
	if x.problem != "" {
		return nil, nil
	}
	both := src + " -> " + dest
	s, fail := a.resolveFor("copyFile", src, false)
	if fail != nil {
		return nil, fsFail(classifyFailure(fail), "copyFile", both)
	}
	d, fail := a.resolveFor("open", dest, true)
	if fail != nil {
		return nil, fail
	}
	if err := a.files.copyInto(s, d); err != nil {
		return nil, fsFail(err, "copyFile", both)
	}
	return nil, nil
}

// rename {oldPath, newPath}: a user, temporary or saved file or a user directory, to a
// user path.
func (a *API) fsRename(x *fsArgs) ([]Field, *fsFailure) {
	oldPath := x.str(0, "oldPath")
	newPath := x.str(1, "newPath")
	if x.problem != "" {
		return nil, nil
	}
	both := oldPath + " -> " + newPath
	o, fail := a.removable("rename", oldPath)
	if fail != nil {
		return nil, fsFail(classifyFailure(fail), "rename", both)
	}
	n, fail := a.resolveFor("open", newPath, true)
	if fail != nil {
		return nil, fail
	}
	if err := a.files.move(o, n); err != nil {
		return nil, fsFail(err, "rename", both)
	}
	return nil, nil
}

// classifyFailure recovers the fsError of a failure made by fsFail.
func classifyFailure(f *fsFailure) fsError {
	for e := fsNotExist; e <= fsOther; e++ {
		if e.errno() == f.errno {
			return e
		}
	}
	return fsOther
}

// saveFile {tempFilePath, filePath} → {savedFilePath}: moves a temporary file to filePath
// (a user file) or, without it, to a new saved file "wxfile://store_…".
func (a *API) fsSaveFile(x *fsArgs) ([]Field, *fsFailure) {
	tmp := x.str(0, "tempFilePath")
	dest := x.optStr(1, "filePath")
	if x.problem != "" {
		return nil, nil
	}
	src, err := a.files.resolve(tmp)
	if err == nil {
		var info fs.FileInfo
		if info, err = src.root.Stat(src.rel); err == nil && info.IsDir() {
			err = fsIsDir
		}
	}
	if err != nil {
		return nil, &fsFailure{reason: "tempFilePath file not exist", errno: fsNotExist.errno()}
	}
	var d loc
	if dest == "" {
		name := randomName("store_", path.Ext(src.rel))
		d = loc{given: "wxfile://" + name, area: areaStore, root: a.files.root, rel: "store/" + name}
	} else {
		var fail *fsFailure
		if d, fail = a.resolveFor("open", dest, true); fail != nil {
			return nil, fail
		}
	}
	if src.area == areaCode {
		err = a.files.copyInto(src, d) // the code package is read-only: copied
	} else {
		err = a.files.move(src, d)
	}
	if err != nil {
		return nil, fsFail(err, "open", d.given)
	}
	return []Field{{"savedFilePath", d.given}}, nil
}

// getFileInfo {filePath, digestAlgorithm} → {size, digest}: md5 (the default) or sha1, in
// hex.
func (a *API) fsGetFileInfo(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "filePath")
	alg := x.optStr(1, "digestAlgorithm")
	if x.problem != "" {
		return nil, nil
	}
	data, err := a.files.readFile(p)
	if err != nil {
		return nil, &fsFailure{reason: "file not exist", errno: fsNotExist.errno()}
	}
	var digest string
	if alg == "sha1" {
		sum := sha1.Sum(data)
		digest = hex.EncodeToString(sum[:])
	} else {
		sum := md5.Sum(data)
		digest = hex.EncodeToString(sum[:])
	}
	return []Field{{"size", len(data)}, {"digest", digest}}, nil
}

// getSavedFileList → {fileList: [{filePath, size, createTime}]}, createTime in Unix
// seconds (the modification time: creation is not recorded), by path.
func (a *API) fsGetSavedFileList(*fsArgs) ([]Field, *fsFailure) {
	if err := a.files.open(); err != nil {
		return nil, fsFail(err, "open", "wxfile://store")
	}
	entries, _ := fs.ReadDir(a.files.root.FS(), "store")
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	list := make([]any, 0, len(entries))
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		list = append(list, a.plainObject([]field{
			{"filePath", "wxfile://" + e.Name()},
			{"size", info.Size()},
			{"createTime", info.ModTime().Unix()},
		}))
	}
	return []Field{{"fileList", a.vm.NewArray(list...)}}, nil
}

// removeSavedFile {filePath}: a saved file.
func (a *API) fsRemoveSavedFile(x *fsArgs) ([]Field, *fsFailure) {
	p := x.str(0, "filePath")
	if x.problem != "" {
		return nil, nil
	}
	l, err := a.files.resolve(p)
	if err == nil && l.area != areaStore {
		err = fsNotExist
	}
	if err == nil {
		err = l.root.Remove(l.rel)
	}
	if err != nil {
		return nil, &fsFailure{reason: "file not exist", errno: fsNotExist.errno()}
	}
	return nil, nil
}

// The encodings readFile and writeFile accept, as Node's Buffer names them.
var encodings = map[string]string{
	"utf8": "utf8", "utf-8": "utf8",
	"ascii":  "ascii",
	"base64": "base64",
	"binary": "latin1", "latin1": "latin1",
	"hex":  "hex",
	"ucs2": "ucs2", "ucs-2": "ucs2", "utf16le": "ucs2", "utf-16le": "ucs2",
}

func knownEncoding(enc string) bool { _, ok := encodings[strings.ToLower(enc)]; return ok }

// decode is readFile's data: an ArrayBuffer without an encoding, else the bytes as a
// string in it (invalid UTF-8 as U+FFFD; "binary" is latin1, one character per byte).
func (a *API) decode(data []byte, enc string) goja.Value {
	switch encodings[strings.ToLower(enc)] {
	case "":
		return a.vm.ToValue(a.vm.NewArrayBuffer(data))
	case "ascii":
		u := make([]uint16, len(data))
		for i, b := range data {
			u[i] = uint16(b & 0x7f)
		}
		return a.vm.ToValue(string(utf16.Decode(u)))
	case "latin1":
		u := make([]uint16, len(data))
		for i, b := range data {
			u[i] = uint16(b)
		}
		return a.vm.ToValue(string(utf16.Decode(u)))
	case "base64":
		return a.vm.ToValue(base64.StdEncoding.EncodeToString(data))
	case "hex":
		return a.vm.ToValue(hex.EncodeToString(data))
	case "ucs2":
		u := make([]uint16, len(data)/2)
		for i := range u {
			u[i] = uint16(data[2*i]) | uint16(data[2*i+1])<<8
		}
		return a.vm.ToValue(string(utf16.Decode(u)))
	}
	if !utf8.Valid(data) {
		return a.vm.ToValue(strings.ToValidUTF8(string(data), "\uFFFD"))
	}
	return a.vm.ToValue(string(data))
}

// encodeString is writeFile's bytes for the string s in enc (utf8 by default).
func encodeString(s, enc string) []byte {
	switch encodings[strings.ToLower(enc)] {
	case "ascii", "latin1":
		u := utf16.Encode([]rune(s))
		b := make([]byte, len(u))
		for i, c := range u {
			b[i] = byte(c)
		}
		return b
	case "base64":
		return decodeBase64Loosely(s)
	case "hex":
		b, _ := hex.DecodeString(s[:len(s)/2*2])
		return b
	case "ucs2":
		u := utf16.Encode([]rune(s))
		b := make([]byte, 2*len(u))
		for i, c := range u {
			b[2*i], b[2*i+1] = byte(c), byte(c>>8)
		}
		return b
	}
	return []byte(s)
}
