package wstest

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"reflect"
	"testing"
)

// /http/upload answers with what a multipart request carried, parsed on the server.
func TestHTTPUpload(t *testing.T) {
	srv := NewServer(t)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("user", "alice")
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="avatar"; filename="a.png"`)
	h.Set("Content-Type", "image/png")
	part, _ := w.CreatePart(h)
	_, _ = part.Write([]byte{1, 2, 3})
	_ = w.Close()
	resp, err := http.Post(srv.HTTPURL+"/http/upload", w.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got HTTPUpload
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := HTTPUpload{Method: "POST", ContentType: "multipart/form-data", Fields: map[string]string{"user": "alice"},
		Files: []HTTPUploadFile{{Field: "avatar", FileName: "a.png", ContentType: "image/png", Size: 3, Base64: "AQID"}}}
	got.Header = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	// Not multipart: the error, no parts.
	resp, err = http.Post(srv.HTTPURL+"/http/upload", "text/plain", bytes.NewReader([]byte("x")))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got = HTTPUpload{}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || got.Error == "" || len(got.Files) != 0 {
		t.Errorf("a plain body: %+v, %v", got, err)
	}
}
