package wxapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// wx.downloadFile and wx.uploadFile: wx.request's machinery (request_task.go,
// request_http.go) — its queue of 10 per API, its domain rules, timeout, abort, Chromium
// errors, profile and trace events — with the body written to a file, or read from one.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/download/wx.downloadFile.html
// https://developers.weixin.qq.com/miniprogram/dev/api/network/upload/wx.uploadFile.html

// transfer is a download's or upload's part of a requestTask.
type transfer struct {
	progressListeners []goja.Value
	downloading       bool // the body goes to a file
	download          *loc // where: the filePath option, or nil for a temporary file
	upload            bool // the request body is the upload: report its progress

	progressMu      sync.Mutex
	progressPending bool     // a delivery is submitted and has not run yet
	progressNow     progress // the latest, from the request goroutine
	progressSent    progress // the last delivered
}

// progress is how far a body has come: done of total bytes (total < 0: unknown).
type progress struct{ done, total int64 }

// installTransfers defines wx.downloadFile and wx.uploadFile. Neither is promisified:
// they return their task.
func (a *API) installTransfers() {
	progress := map[string]func(*requestTask) *[]goja.Value{
		"ProgressUpdate": func(t *requestTask) *[]goja.Value { return &t.progressListeners },
	}
	// https://developers.weixin.qq.com/miniprogram/dev/api/network/download/DownloadTask.html
	a.downloads.init(a, "downloadFile", "DownloadTask", a.downloadDomains, func() int { return a.cfg.maxRequests }, downloadSucceeded, progress)
	a.uploads.init(a, "uploadFile", "UploadTask", a.uploadDomains, func() int { return a.cfg.maxRequests }, uploadSucceeded, progress)
	a.DefineAsync("downloadFile", false, a.downloadFile)
	a.DefineAsync("uploadFile", false, a.uploadFile)
	// Shutdown hooks run last first: the file area closes after the transfers have stopped.
	a.host.OnShutdown(a.files.close)
	a.host.OnShutdown(a.downloads.shutdown)
	a.host.OnShutdown(a.uploads.shutdown)
}

// transferCall is what readTransfer reads: the options the two APIs share with
// wx.request — url, header, timeout, enableHttp2, enableProfile — each once, before their
// own. The timeout is the call's, else the API's default (WithDownloadTimeout,
// WithUploadTimeout).
type transferCall struct {
	urlValue goja.Value
	p        requestParams
}

func (a *API) readTransfer(c *Call, method string) transferCall {
	x := transferCall{urlValue: c.Get("url")}
	x.p = requestParams{method: method, header: a.userHeader(c.Name(), c.Get("header")), profile: true}
	d := a.cfg.downloadTimeout
	if method == http.MethodPost {
		d = a.cfg.uploadTimeout
	}
	if ms, ok := c.Number("timeout"); ok && ms > 0 { // NaN > 0 is false
		d = millisDuration(ms)
	}
	x.p.deadline = time.Now().Add(d)
	x.p.http2, _ = c.Bool("enableHttp2")
	if profile, ok := c.Bool("enableProfile"); ok && !profile {
		x.p.profile = false
	}
	return x
}

// checkURL fails the call as wx.request would for a bad options argument or url; ok
// is false when it has.
func (x *transferCall) checkURL(c *Call) bool {
	rawURL, isString := stringArg(x.urlValue)
	arg := c.Argument()
	switch {
	case kindOf(arg) != kindUndefined && c.TypeName(arg) != "Object":
		c.FailParameter("parameter should be Object instead of " + c.TypeName(arg) + ";")
	case !isString:
		c.FailParameter("parameter.url should be String instead of " + c.TypeName(x.urlValue) + ";")
	case !requestURLPattern.MatchString(rawURL):
		c.FailWithErrno(errnoInvalidURL, `invalid url "`+rawURL+`"`)
	default:
		x.p.url = rawURL
		return true
	}
	return false
}

// downloadFile is wx.downloadFile: a GET whose body, whatever the status, is written to a
// temporary file (res.tempFilePath, "wxfile://tmp_…") or to the filePath option, a user
// file (res.filePath).
func (a *API) downloadFile(c *Call) goja.Value {
	x := a.readTransfer(c, http.MethodGet)
	filePathValue := c.Get("filePath")
	if !x.checkURL(c) {
		return nil
	}
	var dest *loc
	if kindOf(filePathValue) != kindUndefined {
		fp, isString := stringArg(filePathValue)
		if !isString {
			c.FailParameter("parameter.filePath should be String instead of " + c.TypeName(filePathValue) + ";")
			return nil
		}
		l, err := a.files.resolve(fp)
		if err == nil && !l.writable() {
			err = fsPermission
		}
		if err != nil {
			e := classify(err)
			c.FailWithErrno(e.errno(), fsReason(e, "open", fp))
			return nil
		}
		dest = &l
	}
	a.clientHeaders(x.p.header)
	t := a.downloads.newTask(c, x.p)
	t.downloading, t.download = true, dest
	a.downloads.begin(t)
	return t.obj
}

// uploadFile is wx.uploadFile: a multipart/form-data POST of the formData fields, then the
// file at filePath as the part called name. The file is read when the call is made.
func (a *API) uploadFile(c *Call) goja.Value {
	x := a.readTransfer(c, http.MethodPost)
	filePathValue, nameValue := c.Get("filePath"), c.Get("name")
	formData := c.Get("formData")
	var fields [][2]string
	if obj, ok := formData.(*goja.Object); ok && kindOf(formData) == kindObject {
		for _, k := range obj.Keys() {
			fields = append(fields, [2]string{k, obj.Get(k).String()})
		}
	}
	if !x.checkURL(c) {
		return nil
	}
	filePath, fileOK := stringArg(filePathValue)
	name, nameOK := stringArg(nameValue)
	switch {
	case !fileOK:
		c.FailParameter("parameter.filePath should be String instead of " + c.TypeName(filePathValue) + ";")
		return nil
	case !nameOK:
		c.FailParameter("parameter.name should be String instead of " + c.TypeName(nameValue) + ";")
		return nil
	}
	data, err := a.files.readFile(filePath)
	if err != nil {
		// The text of WeChat on Android for a file it cannot open (decision 35).
		c.Fail("createUploadTask:fail file not exist")
		return nil
	}
	body, contentType := multipartBody(fields, name, filePath, data)
	p := x.p
	for k := range p.header {
		if strings.EqualFold(k, "Content-Type") {
			delete(p.header, k) // the multipart boundary decides it
		}
	}
	p.header.Set("Content-Type", contentType)
	a.clientHeaders(p.header)
	p.body = body
	t := a.uploads.newTask(c, p)
	t.upload = true
	a.uploads.begin(t)
	return t.obj
}

// multipartBody is the upload's body: each form field, then the file, whose part has the
// file's base name and a content type from its extension. The boundary is a hash of the
// content rather than random, so the same upload is the same request each time (a replay
// of a recorded run compares bodies) and the boundary cannot turn up in the content.
func multipartBody(fields [][2]string, name, filePath string, data []byte) ([]byte, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := sha256.New()
	for _, f := range fields {
		fmt.Fprintf(h, "%q=%q\n", f[0], f[1])
	}
	fmt.Fprintf(h, "%q %q %d\n", name, filePath, len(data))
	h.Write(data)
	_ = w.SetBoundary("wxrun" + hex.EncodeToString(h.Sum(nil))[:40])
	for _, f := range fields {
		_ = w.WriteField(f[0], f[1])
	}
	fileName := path.Base(strings.TrimPrefix(filePath, "wxfile://"))
	ct := mime.TypeByExtension(path.Ext(fileName))
	if ct == "" {
		ct = "application/octet-stream"
	}
	ph := textproto.MIMEHeader{}
	ph.Set("Content-Disposition", `form-data; name="`+escapeQuotes(name)+`"; filename="`+escapeQuotes(fileName)+`"`)
	ph.Set("Content-Type", ct)
	part, _ := w.CreatePart(ph)
	_, _ = part.Write(data)
	_ = w.Close()
	return b.Bytes(), w.FormDataContentType()
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

func escapeQuotes(s string) string { return quoteEscaper.Replace(s) }

// readFile reads the file at p, any readable area. Any goroutine.
func (s *fileStore) readFile(p string) ([]byte, error) {
	l, err := s.resolve(p)
	if err != nil {
		return nil, err
	}
	info, err := l.root.Stat(l.rel)
	if err != nil {
		return nil, err
	}
	if info.IsDir() {
		return nil, fsIsDir
	}
	return l.root.ReadFile(l.rel)
}

// errDownloadTooLarge stops a download past maxDownloadSize.
var errDownloadTooLarge = errors.New("exceed max file size")

// saveDownload writes a download's body, reporting progress, to its place: the filePath
// option or a new temporary file named after the URL's extension (through a partial
// file, as every write). It returns the path the script gets and how much was read; a
// network error is returned as the error, a file error as the failure. Request goroutine.
func (t *requestTask) saveDownload(ctx context.Context, resp *http.Response, traced *bytes.Buffer) (string, int, *requestFailure, error) {
	s := &t.reg.api.files
	if err := s.open(); err != nil {
		return "", 0, &requestFailure{reason: fsReason(classify(err), "open", "wxfile://tmp")}, nil
	}
	dest := t.download
	if dest == nil {
		ext := ""
		if u, err := url.Parse(t.p.url); err == nil {
			ext = path.Ext(u.Path)
		}
		if len(ext) > 10 || strings.ContainsAny(ext, "?#%") {
			ext = ""
		}
		name := randomName("tmp_", ext)
		dest = &loc{given: "wxfile://" + name, area: areaTmp, rel: s.run + "/tmp/" + name}
	}
	total := resp.ContentLength
	var n int64
	var readErr error
	err := s.writeThrough(*dest, func(f io.Writer) (int64, error) {
		w := f
		if traced != nil {
			w = io.MultiWriter(f, traced)
		}
		t.reportProgress(progress{0, total})
		buf := make([]byte, chunkSize)
		for {
			m, err := resp.Body.Read(buf)
			if m > 0 {
				if n+int64(m) > maxDownloadSize {
					return n, errDownloadTooLarge
				}
				if _, werr := w.Write(buf[:m]); werr != nil {
					return n, werr
				}
				n += int64(m)
				t.reportProgress(progress{n, total})
			}
			if err == io.EOF {
				return n, nil
			}
			if err == nil {
				err = ctx.Err()
			}
			if err != nil {
				readErr = err
				return n, err
			}
		}
	})
	switch {
	case readErr != nil:
		return "", int(n), nil, readErr
	case errors.Is(err, errDownloadTooLarge):
		return "", int(n), &requestFailure{reason: errDownloadTooLarge.Error()}, nil
	case err != nil:
		e := classify(err)
		return "", int(n), &requestFailure{reason: fsReason(e, "open", dest.given), errno: e.errno()}, nil
	}
	t.reportProgress(progress{n, n})
	return dest.given, int(n), nil, nil
}

// progressReader counts an upload's body as net/http reads it.
type progressReader struct {
	r     io.Reader
	t     *requestTask
	n     int64
	total int64
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.n += int64(n)
		p.t.reportProgress(progress{p.n, p.total})
	}
	return n, err
}

// reportProgress records how far the body has come and, unless a delivery is already on
// its way, submits one: a fast transfer coalesces its updates instead of queueing one job
// per read, and the last one is always delivered before the outcome (which is submitted
// after it). Request goroutine.
func (t *requestTask) reportProgress(p progress) {
	t.progressMu.Lock()
	defer t.progressMu.Unlock()
	t.progressNow = p
	if t.progressPending {
		return
	}
	t.progressPending = true
	t.reg.api.host.Submit(t.deliverProgress)
}

// deliverProgress runs the onProgressUpdate listeners with the latest progress, unless it
// is what they were last given. Loop goroutine.
//
// https://developers.weixin.qq.com/miniprogram/dev/api/network/download/DownloadTask.onProgressUpdate.html
func (t *requestTask) deliverProgress() {
	t.progressMu.Lock()
	p := t.progressNow
	t.progressPending = false
	t.progressMu.Unlock()
	if t.settled || p == t.progressSent || len(t.progressListeners) == 0 {
		return
	}
	t.progressSent = p
	percent := int64(0)
	if p.total > 0 {
		percent = min(100, p.done*100/p.total)
	}
	expected := max(p.total, 0)
	written, expectedName := "totalBytesWritten", "totalBytesExpectedToWrite"
	if t.upload {
		written, expectedName = "totalBytesSent", "totalBytesExpectedToSend"
	}
	a := t.reg.api
	res := a.plainObject([]field{{"progress", percent}, {written, p.done}, {expectedName, expected}})
	t.dispatch(t.progressListeners, res)
}

// downloadSucceeded reports {tempFilePath | filePath, statusCode, profile}.
func downloadSucceeded(t *requestTask, res *httpResult) {
	name := "tempFilePath"
	if t.download != nil {
		name = "filePath"
	}
	fields := []Field{{name, res.file}, {"statusCode", res.status}}
	if t.p.profile {
		fields = append(fields, Field{"profile", t.reg.api.plainObject(res.profile)})
	}
	t.call.Succeed(fields...)
}

// uploadSucceeded reports {data, statusCode, profile}: data is the response as text.
func uploadSucceeded(t *requestTask, res *httpResult) {
	fields := []Field{{"data", string(res.body)}, {"statusCode", res.status}}
	if t.p.profile {
		fields = append(fields, Field{"profile", t.reg.api.plainObject(res.profile)})
	}
	t.call.Succeed(fields...)
}
