package cms

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

const baseURL = "http://127.0.0.1:1313/"

// site makes a small site folder and returns it with its os.Root.
func site(t *testing.T) (string, *os.Root) {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"site.yaml":                                   "title: Test\n",
		"templates/base.html":                         "<!DOCTYPE html>\n",
		"content/producers/htx-a.yaml":                "name: HTX A\nphone: \"0912 345 678\"\n",
		"content/products/dong-van/mat-ong.yaml":      "name:\n  vi: Mật ong bạc hà\nstars: 4\n",
		"content/products/dong-van/mat-ong.jpg":       "JPEG bytes",
		"content/products/dong-van/ot-gio.yaml":       "name: Ớt gió\n",
		"content/products/dong-van/ghi-chu.txt":       "not a record",
		"content/products/dong-van/.hidden.yaml":      "hidden: true\n",
		"content/products/dong-van/anh/mat-ong-2.png": "PNG bytes",
		"content/products/meo-vac/che.yaml":           "name: Chè\n",
		"content/stories/mua-mat.vi.md":               "---\ntitle: Mùa mật\n---\n\n- một\n- hai\n",
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return dir, root
}

// post sends one action to h as the CMS's page on the server would, with
// the request changed by each of mods, and returns the status and the
// reply's body.
func post(t *testing.T, h http.Handler, action string, params any, mods ...func(*http.Request)) (int, []byte) {
	t.Helper()
	body := map[string]any{"action": action, "branch": "main"}
	if params != nil {
		body["params"] = params
	}
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodPost, baseURL+"admin/api/v1", bytes.NewReader(data))
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	r.Header.Set("Origin", "http://127.0.0.1:1313")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for _, m := range mods {
		m(r)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", action, ct)
	}
	return w.Code, w.Body.Bytes()
}

// ok sends an action that must succeed and decodes its reply into v.
func ok(t *testing.T, h http.Handler, action string, params any, v any) {
	t.Helper()
	status, body := post(t, h, action, params)
	if status != http.StatusOK {
		t.Fatalf("%s: status %d: %s", action, status, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: reply %s: %v", action, body, err)
		}
	}
}

// refused sends an action that must fail with status and returns the
// error message.
func refused(t *testing.T, h http.Handler, status int, action string, params any, mods ...func(*http.Request)) string {
	t.Helper()
	got, body := post(t, h, action, params, mods...)
	var reply struct{ Error string }
	json.Unmarshal(body, &reply)
	if got != status || reply.Error == "" {
		t.Fatalf("%s %v: status %d, want %d with an error: %s", action, params, got, status, body)
	}
	return reply.Error
}

func readSite(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func exists(dir, name string) bool {
	_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
	return err == nil
}

// tempFiles lists the temporary files left under dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	var left []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".ocop-cms-") {
			left = append(left, p)
		}
		return nil
	})
	return left
}

type entryReply struct {
	Data *string
	File struct {
		Path  string
		Label string
		ID    *string
	}
}

type mediaReply struct {
	ID, Content, Encoding, Path, Name string
}

func TestInfo(t *testing.T) {
	_, root := site(t)
	h := New(root, Options{BaseURL: baseURL, Repo: "ocop"})
	var info struct {
		Repo         string   `json:"repo"`
		PublishModes []string `json:"publish_modes"`
		Type         string   `json:"type"`
	}
	// The CMS asks without params when it looks for a local backend.
	ok(t, h, "info", nil, &info)
	if info.Repo != "ocop" || !reflect.DeepEqual(info.PublishModes, []string{"simple"}) || info.Type != "local_fs" {
		t.Errorf("info = %+v", info)
	}
}

func TestEntriesByFolder(t *testing.T) {
	_, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	var entries []entryReply
	ok(t, h, "entriesByFolder", map[string]any{"folder": "content/products/dong-van", "extension": "yaml", "depth": 1}, &entries)
	var paths []string
	for _, e := range entries {
		paths = append(paths, e.File.Path)
		if e.Data == nil || e.File.ID == nil || *e.File.ID != fileID([]byte(*e.Data)) {
			t.Errorf("%s: data and id %v %v", e.File.Path, e.Data, e.File.ID)
		}
	}
	// Hidden files, other kinds of file and files in subfolders (depth 1)
	// are left out.
	want := []string{"content/products/dong-van/mat-ong.yaml", "content/products/dong-van/ot-gio.yaml"}
	if !slices.Equal(paths, want) {
		t.Errorf("paths = %q, want %q", paths, want)
	}
	if *entries[0].Data != "name:\n  vi: Mật ong bạc hà\nstars: 4\n" {
		t.Errorf("data = %q", *entries[0].Data)
	}

	// All the districts at once, two levels down.
	ok(t, h, "entriesByFolder", map[string]any{"folder": "content/products", "extension": "yaml", "depth": 2}, &entries)
	if len(entries) != 3 || entries[2].File.Path != "content/products/meo-vac/che.yaml" {
		t.Errorf("depth 2: %+v", entries)
	}

	// A folder not made yet has no entries.
	ok(t, h, "entriesByFolder", map[string]any{"folder": "content/products/xin-man", "extension": "yaml", "depth": 1}, &entries)
	if len(entries) != 0 {
		t.Errorf("missing folder: %+v", entries)
	}
	refused(t, h, http.StatusUnprocessableEntity, "entriesByFolder", map[string]any{"folder": "templates", "extension": "html", "depth": 1})
	refused(t, h, http.StatusUnprocessableEntity, "entriesByFolder", nil)
}

func TestEntriesByFilesAndGetEntry(t *testing.T) {
	_, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	var entries []entryReply
	ok(t, h, "entriesByFiles", map[string]any{"files": []map[string]string{
		{"path": "content/producers/htx-a.yaml", "label": "HTX A"},
		{"path": "content/producers/missing.yaml"},
	}}, &entries)
	if len(entries) != 2 {
		t.Fatalf("entries = %+v", entries)
	}
	if e := entries[0]; e.Data == nil || *e.Data != "name: HTX A\nphone: \"0912 345 678\"\n" || e.File.Label != "HTX A" {
		t.Errorf("entry 0 = %+v", e)
	}
	if e := entries[1]; e.Data != nil || e.File.ID != nil || e.File.Path != "content/producers/missing.yaml" {
		t.Errorf("a missing file: %+v", e)
	}

	var e entryReply
	ok(t, h, "getEntry", map[string]any{"path": "content/stories/mua-mat.vi.md"}, &e)
	if e.Data == nil || !strings.Contains(*e.Data, "- một\n") || e.File.Path != "content/stories/mua-mat.vi.md" {
		t.Errorf("getEntry = %+v", e)
	}
	refused(t, h, http.StatusUnprocessableEntity, "getEntry", map[string]any{"path": "site.yaml"})
	refused(t, h, http.StatusUnprocessableEntity, "entriesByFiles", map[string]any{"files": []map[string]string{{"path": "../secret.yaml"}}})
}

// photo returns a small PNG.
func photo(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.NRGBA{200, 30, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPersistEntryRoundTrip(t *testing.T) {
	dir, root := site(t)
	var checked []string
	h := New(root, Options{BaseURL: baseURL, Check: func(p string, data []byte) error {
		checked = append(checked, p)
		return nil
	}})
	record := "name:\n  vi: Chè Shan tuyết Phìn Hồ\nphone: \"0912345678\"\nzalo: 0912 345 678\nimages:\n  - che-1.png\n"
	img := photo(t)
	ok(t, h, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": "che-phin-ho", "path": "content/products/hoang-su-phi/che-phin-ho.yaml", "raw": record}},
		"assets":    []map[string]any{{"path": "content/products/hoang-su-phi/che-1.png", "content": base64.StdEncoding.EncodeToString(img), "encoding": "base64"}},
		"options":   map[string]any{"commitMessage": "Create Products “che-phin-ho”", "useWorkflow": false, "status": "", "newEntry": true, "collectionName": "hoang-su-phi"},
	}, nil)
	if got := readSite(t, dir, "content/products/hoang-su-phi/che-phin-ho.yaml"); got != record {
		t.Errorf("record on disk = %q", got)
	}
	if got := readSite(t, dir, "content/products/hoang-su-phi/che-1.png"); got != string(img) {
		t.Errorf("photo on disk differs")
	}
	if want := []string{"content/products/hoang-su-phi/che-1.png", "content/products/hoang-su-phi/che-phin-ho.yaml"}; !slices.Equal(checked, want) {
		t.Errorf("checked %q, want %q (the photo before its record)", checked, want)
	}

	// Read back as the CMS reads them.
	var e entryReply
	ok(t, h, "getEntry", map[string]any{"path": "content/products/hoang-su-phi/che-phin-ho.yaml"}, &e)
	if e.Data == nil || *e.Data != record || *e.File.ID != fileID([]byte(record)) {
		t.Errorf("getEntry = %+v", e)
	}
	var m mediaReply
	ok(t, h, "getMediaFile", map[string]any{"path": "content/products/hoang-su-phi/che-1.png"}, &m)
	got, err := base64.StdEncoding.DecodeString(m.Content)
	if err != nil || !bytes.Equal(got, img) || m.Encoding != "base64" || m.Name != "che-1.png" || m.ID != fileID(img) {
		t.Errorf("getMediaFile = %+v (%v)", m, err)
	}

	// An update replaces the record; the older "entry" form works too.
	updated := record + "stars: 5\n"
	ok(t, h, "persistEntry", map[string]any{
		"entry":   map[string]any{"slug": "che-phin-ho", "path": "content/products/hoang-su-phi/che-phin-ho.yaml", "raw": updated},
		"assets":  []any{},
		"options": map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
	}, nil)
	if got := readSite(t, dir, "content/products/hoang-su-phi/che-phin-ho.yaml"); got != updated {
		t.Errorf("updated record = %q", got)
	}
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}

	// A new entry never overwrites a file.
	msg := refused(t, h, http.StatusConflict, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": "che-phin-ho", "path": "content/products/hoang-su-phi/che-phin-ho.yaml", "raw": "name: other\n"}},
		"assets":    []any{},
		"options":   map[string]any{"commitMessage": "Create", "useWorkflow": false, "status": "", "newEntry": true},
	})
	if !strings.Contains(msg, "already") || readSite(t, dir, "content/products/hoang-su-phi/che-phin-ho.yaml") != updated {
		t.Errorf("overwrote a file with a new entry (%s)", msg)
	}
}

func TestPersistEntryRename(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	ok(t, h, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": "ot", "path": "content/products/dong-van/ot-gio.yaml", "newPath": "content/products/dong-van/ot.yaml", "raw": "name: Ớt\n"}},
		"assets":    []any{},
		"options":   map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": "", "hasSubfolders": true},
	}, nil)
	if exists(dir, "content/products/dong-van/ot-gio.yaml") || readSite(t, dir, "content/products/dong-van/ot.yaml") != "name: Ớt\n" {
		t.Error("the record was not renamed")
	}
	// Only the record moves: the district's other files stay.
	if !exists(dir, "content/products/dong-van/mat-ong.yaml") || !exists(dir, "content/products/dong-van/mat-ong.jpg") {
		t.Error("other files of the folder moved")
	}
	// Never onto another record.
	refused(t, h, http.StatusConflict, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": "x", "path": "content/products/dong-van/ot.yaml", "newPath": "content/products/dong-van/mat-ong.yaml", "raw": "name: X\n"}},
		"assets":    []any{},
		"options":   map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
	})
	if readSite(t, dir, "content/products/dong-van/mat-ong.yaml") != "name:\n  vi: Mật ong bạc hà\nstars: 4\n" {
		t.Error("a rename replaced another record")
	}
}

func TestMedia(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	img := photo(t)
	var m mediaReply
	ok(t, h, "persistMedia", map[string]any{
		"asset":   map[string]any{"path": "content/stories/images/hoi-cho.png", "content": base64.StdEncoding.EncodeToString(img), "encoding": "base64"},
		"options": map[string]any{"commitMessage": "Upload"},
	}, &m)
	if m.Path != "content/stories/images/hoi-cho.png" || m.Name != "hoi-cho.png" || m.ID != fileID(img) || m.Content != base64.StdEncoding.EncodeToString(img) {
		t.Errorf("persistMedia = %+v", m)
	}
	if readSite(t, dir, "content/stories/images/hoi-cho.png") != string(img) {
		t.Error("photo on disk differs")
	}

	// getMedia lists the photos of one folder, not its records.
	var list []mediaReply
	ok(t, h, "getMedia", map[string]any{"mediaFolder": "content/products/dong-van"}, &list)
	if len(list) != 1 || list[0].Path != "content/products/dong-van/mat-ong.jpg" || list[0].Content != base64.StdEncoding.EncodeToString([]byte("JPEG bytes")) {
		t.Errorf("getMedia = %+v", list)
	}
	ok(t, h, "getMedia", map[string]any{"mediaFolder": "content/none"}, &list)
	if list == nil || len(list) != 0 {
		t.Errorf("getMedia of a missing folder = %#v, want []", list)
	}
	refused(t, h, http.StatusNotFound, "getMediaFile", map[string]any{"path": "content/stories/images/none.png"})
	refused(t, h, http.StatusUnprocessableEntity, "persistMedia", map[string]any{
		"asset":   map[string]any{"path": "content/stories/images/x.png", "content": "not base64!", "encoding": "base64"},
		"options": map[string]any{"commitMessage": "Upload"},
	})
	refused(t, h, http.StatusUnprocessableEntity, "persistMedia", map[string]any{
		"asset":   map[string]any{"path": "content/stories/images/x.png", "content": "", "encoding": "utf8"},
		"options": map[string]any{"commitMessage": "Upload"},
	})
	// A photo is a photo: not a page, not a script.
	refused(t, h, http.StatusUnprocessableEntity, "persistMedia", map[string]any{
		"asset":   map[string]any{"path": "content/stories/images/x.html", "content": "", "encoding": "base64"},
		"options": map[string]any{"commitMessage": "Upload"},
	})
}

func TestDelete(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	ok(t, h, "deleteFile", map[string]any{"path": "content/products/dong-van/mat-ong.jpg", "options": map[string]any{"commitMessage": "Delete"}}, nil)
	if exists(dir, "content/products/dong-van/mat-ong.jpg") {
		t.Error("deleteFile left the file")
	}
	ok(t, h, "deleteFiles", map[string]any{"paths": []string{"content/products/dong-van/ot-gio.yaml", "content/products/meo-vac/che.yaml"}, "options": map[string]any{"commitMessage": "Delete"}}, nil)
	if exists(dir, "content/products/dong-van/ot-gio.yaml") || exists(dir, "content/products/meo-vac/che.yaml") {
		t.Error("deleteFiles left a file")
	}
	// A missing file is no error, as in decap-server.
	ok(t, h, "deleteFile", map[string]any{"path": "content/products/dong-van/ot-gio.yaml", "options": map[string]any{"commitMessage": "Delete"}}, nil)
	// Not a folder, not outside content/, and all or nothing.
	refused(t, h, http.StatusUnprocessableEntity, "deleteFile", map[string]any{"path": "content/products/dong-van", "options": map[string]any{"commitMessage": "Delete"}})
	refused(t, h, http.StatusUnprocessableEntity, "deleteFiles", map[string]any{"paths": []string{"content/producers/htx-a.yaml", "site.yaml"}, "options": map[string]any{"commitMessage": "Delete"}})
	if !exists(dir, "content/producers/htx-a.yaml") || !exists(dir, "site.yaml") {
		t.Error("a refused deleteFiles removed a file")
	}
}

func TestOtherActions(t *testing.T) {
	_, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	status, body := post(t, h, "getDeployPreview", map[string]any{"collection": "products", "slug": "x"})
	if status != http.StatusOK || string(body) != "null" {
		t.Errorf("getDeployPreview: %d %s", status, body)
	}
	refused(t, h, http.StatusUnprocessableEntity, "unpublishedEntries", map[string]any{})
	refused(t, h, http.StatusUnprocessableEntity, "publishUnpublishedEntry", map[string]any{"collection": "c", "slug": "s"})
	refused(t, h, http.StatusUnprocessableEntity, "format", map[string]any{})
}

// persistOne asks to write one record at p.
func persistOne(p string) map[string]any {
	return map[string]any{
		"dataFiles": []map[string]any{{"slug": "x", "path": p, "raw": "name: X\n"}},
		"assets":    []any{},
		"options":   map[string]any{"commitMessage": "Create", "useWorkflow": false, "status": "", "newEntry": true},
	}
}

func TestDangerousPaths(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	bad := []string{
		"",
		"../outside.yaml",
		"content/../site.yaml",
		"content/products/../../site.yaml",
		"content/./products/x.yaml",
		"./content/x.yaml",
		"content//x.yaml",
		"content/products/dong-van/",
		"/etc/passwd.yaml",
		"/content/products/x.yaml",
		`content\products\x.yaml`,
		`content/products/dong-van\..\..\..\site.yaml`,
		"C:/Windows/x.yaml",
		"c:x.yaml",
		"//server/share/x.yaml",
		"content/products/dong-van/x\x00.yaml",
		"content/products/dong-van/x\n.yaml",
		"content/products/dong-van/con.yaml",
		"content/products/dong-van/CON.yaml",
		"content/products/dong-van/nul.yaml",
		"content/products/dong-van/aux.tar.yaml",
		"content/products/com1.yaml",
		"content/products/lpt9.yaml",
		"content/products/COM¹.yaml",
		"content/products/dong-van/a:b.yaml",
		"content/products/dong-van/a|b.yaml",
		"content/products/dong-van/a?b.yaml",
		"content/products/dong-van/a*b.yaml",
		`content/products/dong-van/a"b.yaml`,
		"content/products/dong-van/<b>.yaml",
		"content/products/dong-van/x.yaml.",
		"content/products/dong-van/x.yaml ",
		"content/products/dong-van. /x.yaml",
		"content/products/dong-van/mat\u200bong.yaml",
		"content/products/dong-van/\u202egnp.yaml",
		"content/products/dong-van/.hidden.yaml",
		"content/.git/config.yaml",
		"content/products/dong-van/" + strings.Repeat("a", 252) + ".yaml",
		"content/products/dong-van/x.yaml\xff",
		"content",
		"content.yaml",
		"site.yaml",
		"templates/base.yaml",
		"static/x.yaml",
		".git/x.yaml",
		"Content/x.yaml",
		"contents/x.yaml",
		"content/products/dong-van/x.html",
		"content/products/dong-van/x.yaml.js",
	}
	for _, p := range bad {
		refused(t, h, http.StatusUnprocessableEntity, "persistEntry", persistOne(p))
		refused(t, h, http.StatusUnprocessableEntity, "getEntry", map[string]any{"path": p})
		refused(t, h, http.StatusUnprocessableEntity, "deleteFile", map[string]any{"path": p, "options": map[string]any{"commitMessage": "Delete"}})
	}
	for _, p := range []string{"../", "/", "templates", "content/../templates", `content\products`, "content/.git"} {
		refused(t, h, http.StatusUnprocessableEntity, "entriesByFolder", map[string]any{"folder": p, "extension": "yaml", "depth": 1})
		refused(t, h, http.StatusUnprocessableEntity, "getMedia", map[string]any{"mediaFolder": p})
	}
	// The photo of an entry is checked as strictly as the record.
	params := persistOne("content/products/dong-van/ok.yaml")
	params["assets"] = []map[string]any{{"path": "content/../static/x.png", "content": "", "encoding": "base64"}}
	refused(t, h, http.StatusUnprocessableEntity, "persistEntry", params)
	if exists(dir, "content/products/dong-van/ok.yaml") {
		t.Error("a record was written although its photo was refused")
	}
	if readSite(t, dir, "site.yaml") != "title: Test\n" || readSite(t, dir, "templates/base.html") != "<!DOCTYPE html>\n" {
		t.Error("a file outside content/ changed")
	}
}

func TestCapitals(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	msg := refused(t, h, http.StatusConflict, "persistEntry", persistOne("content/products/dong-van/Mat-Ong.yaml"))
	if !strings.Contains(msg, "capital") {
		t.Errorf("message %q", msg)
	}
	refused(t, h, http.StatusConflict, "persistEntry", persistOne("content/products/Dong-Van/x.yaml"))
	if exists(dir, "content/products/Dong-Van") {
		t.Error("a folder was made")
	}
}

func TestSymbolicLinks(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	link := func(target, name string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			if runtime.GOOS == "windows" {
				t.Skip("symbolic links need more rights on Windows:", err)
			}
			t.Fatal(err)
		}
	}
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.yaml"), []byte("secret\n"), 0o644)
	link("../../site.yaml", "content/producers/site.yaml")             // a file outside content/, inside the site
	link("../../templates", "content/products/templates")              // a folder outside content/
	link(filepath.Join(outside, "secret.yaml"), "content/secret.yaml") // outside the site
	link(outside, "content/products/outside")
	link("dong-van", "content/products/dv") // inside content/ too: still a link

	for _, p := range []string{"content/producers/site.yaml", "content/products/templates/base.yaml", "content/secret.yaml",
		"content/products/outside/secret.yaml", "content/products/dv/mat-ong.yaml"} {
		var e entryReply
		ok(t, h, "getEntry", map[string]any{"path": p}, &e)
		if e.Data != nil {
			t.Errorf("read %s through a link: %q", p, *e.Data)
		}
		params := persistOne(p)
		params["options"] = map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""}
		msg := refused(t, h, http.StatusUnprocessableEntity, "persistEntry", params)
		if !strings.Contains(msg, "symbolic link") {
			t.Errorf("%s: %s", p, msg)
		}
		refused(t, h, http.StatusUnprocessableEntity, "deleteFile", map[string]any{"path": p, "options": map[string]any{"commitMessage": "Delete"}})
	}
	var entries []entryReply
	ok(t, h, "entriesByFolder", map[string]any{"folder": "content/products", "extension": "yaml", "depth": 3}, &entries)
	for _, e := range entries {
		if strings.Contains(e.File.Path, "/dv/") || strings.Contains(e.File.Path, "outside") || strings.Contains(e.File.Path, "templates") {
			t.Errorf("listed %s, through a link", e.File.Path)
		}
	}
	ok(t, h, "entriesByFolder", map[string]any{"folder": "content/products/dv", "extension": "yaml", "depth": 1}, &entries)
	if len(entries) != 0 {
		t.Errorf("listed a linked folder: %+v", entries)
	}
	if readSite(t, dir, "site.yaml") != "title: Test\n" || readSite(t, outside, "secret.yaml") != "secret\n" {
		t.Error("a file was written through a link")
	}
}

func TestAtomicWrite(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL}).(*handler)
	const p = "content/products/dong-van/mat-ong.yaml"
	old := readSite(t, dir, p)
	update := map[string]any{
		"dataFiles": []map[string]any{{"slug": "mat-ong", "path": p, "raw": "name: new\n"}},
		"assets":    []any{},
		"options":   map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
	}

	// The write fails once the new text is on the disk, before it takes
	// the file's place (a full disk, a power cut): the old file stays.
	var sawTemp bool
	h.afterTemp = func(tmp string) error {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tmp)))
		sawTemp = err == nil && string(data) == "name: new\n"
		return errors.New("the disk is full")
	}
	refused(t, h, http.StatusInternalServerError, "persistEntry", update)
	if !sawTemp {
		t.Error("the new text was not written to a temporary file first")
	}
	if got := readSite(t, dir, p); got != old {
		t.Errorf("after a failed write the file is %q, want the old %q", got, old)
	}
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}

	// A folder in the file's place: the rename fails, nothing changes.
	h.afterTemp = nil
	os.Mkdir(filepath.Join(dir, "content/products/dong-van/thu-muc.yaml"), 0o755)
	params := persistOne("content/products/dong-van/thu-muc.yaml")
	params["options"] = map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""}
	refused(t, h, http.StatusConflict, "persistEntry", params)
	if left := tempFiles(t, dir); len(left) > 0 {
		t.Errorf("temporary files left: %q", left)
	}

	// The Check hook refuses: nothing at all is written.
	h.opt.Check = func(p string, data []byte) error {
		if strings.HasSuffix(p, ".yaml") {
			return fmt.Errorf("%s: unknown key \"gruop\"", p)
		}
		return nil
	}
	update["assets"] = []map[string]any{{"path": "content/products/dong-van/new.png", "content": base64.StdEncoding.EncodeToString(photo(t)), "encoding": "base64"}}
	msg := refused(t, h, http.StatusUnprocessableEntity, "persistEntry", update)
	if !strings.Contains(msg, "gruop") || exists(dir, "content/products/dong-van/new.png") || readSite(t, dir, p) != old {
		t.Errorf("a refused check wrote files (%s)", msg)
	}

	// And a write that succeeds replaces the file whole, by a rename: a
	// second name of the old file (a hard link) still has the old text,
	// where a write into the file would have changed it in place.
	h.opt.Check = nil
	keep := filepath.Join(t.TempDir(), "keep.yaml")
	linked := os.Link(filepath.Join(dir, filepath.FromSlash(p)), keep) == nil
	ok(t, h, "persistEntry", update, nil)
	if readSite(t, dir, p) != "name: new\n" || !exists(dir, "content/products/dong-van/new.png") {
		t.Error("the write did not happen")
	}
	if linked {
		if data, _ := os.ReadFile(keep); string(data) != old {
			t.Errorf("the file was written in place, not replaced: its old name reads %q", data)
		}
	}
}

func TestSizeLimits(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL, MaxRecordBytes: 100, MaxMediaBytes: 300, MaxRequestBytes: 2000})
	const p = "content/products/dong-van/mat-ong.yaml"
	old := readSite(t, dir, p)
	record := func(n int) map[string]any {
		return map[string]any{
			"dataFiles": []map[string]any{{"slug": "mat-ong", "path": p, "raw": strings.Repeat("a", n)}},
			"assets":    []any{},
			"options":   map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
		}
	}
	ok(t, h, "persistEntry", record(100), nil)
	refused(t, h, http.StatusRequestEntityTooLarge, "persistEntry", record(101))
	if got := readSite(t, dir, p); got != strings.Repeat("a", 100) {
		t.Errorf("record = %q", got)
	}
	media := func(n int) map[string]any {
		return map[string]any{
			"asset":   map[string]any{"path": "content/stories/images/x.png", "content": base64.StdEncoding.EncodeToString(make([]byte, n)), "encoding": "base64"},
			"options": map[string]any{"commitMessage": "Upload"},
		}
	}
	ok(t, h, "persistMedia", media(300), nil)
	refused(t, h, http.StatusRequestEntityTooLarge, "persistMedia", media(301))
	if got := readSite(t, dir, "content/stories/images/x.png"); len(got) != 300 {
		t.Errorf("photo of %d bytes", len(got))
	}
	// The body as a whole.
	msg := refused(t, h, http.StatusRequestEntityTooLarge, "persistEntry", record(3000))
	if !strings.Contains(msg, "larger than") {
		t.Errorf("message %q", msg)
	}
	// A record on the disk larger than a record may be is not sent.
	os.WriteFile(filepath.Join(dir, "content/producers/big.yaml"), make([]byte, 101), 0o644)
	refused(t, h, http.StatusRequestEntityTooLarge, "getEntry", map[string]any{"path": "content/producers/big.yaml"})
	_ = old
}

func TestDefaultSizeLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("sends a 30 MB photo")
	}
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	big := strings.Repeat("a", MaxRecordBytes+1)
	refused(t, h, http.StatusRequestEntityTooLarge, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": "x", "path": "content/producers/x.yaml", "raw": big}},
		"assets":    []any{}, "options": map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
	})
	ok(t, h, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"slug": "x", "path": "content/producers/x.yaml", "raw": big[:MaxRecordBytes]}},
		"assets":    []any{}, "options": map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
	}, nil)
	content := base64.StdEncoding.EncodeToString(make([]byte, MaxMediaBytes+1))
	refused(t, h, http.StatusRequestEntityTooLarge, "persistMedia", map[string]any{
		"asset":   map[string]any{"path": "content/stories/images/big.jpg", "content": content, "encoding": "base64"},
		"options": map[string]any{"commitMessage": "Upload"},
	})
	if exists(dir, "content/stories/images/big.jpg") {
		t.Error("a photo over the limit was written")
	}
}

func TestRequestsFromElsewhere(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	write := persistOne("content/producers/intruder.yaml")
	header := func(k, v string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set(k, v) }
	}
	host := func(v string) func(*http.Request) { return func(r *http.Request) { r.Host = v } }
	cases := []struct {
		name   string
		status int
		mods   []func(*http.Request)
	}{
		{"another site", http.StatusForbidden, []func(*http.Request){header("Origin", "https://evil.example"), header("Sec-Fetch-Site", "cross-site")}},
		{"another site, no fetch metadata", http.StatusForbidden, []func(*http.Request){header("Origin", "http://evil.example:1313")}},
		{"another server on this computer", http.StatusForbidden, []func(*http.Request){header("Origin", "http://localhost:8080"), header("Sec-Fetch-Site", "same-site")}},
		{"a sandboxed frame or a file", http.StatusForbidden, []func(*http.Request){header("Origin", "null")}},
		{"https origin", http.StatusForbidden, []func(*http.Request){header("Origin", "https://127.0.0.1:1313")}},
		{"a name that leads here (DNS rebinding)", http.StatusForbidden, []func(*http.Request){host("evil.example:1313"), header("Origin", "http://evil.example:1313")}},
		{"a name that leads here, no Origin", http.StatusForbidden, []func(*http.Request){host("evil.example:1313"), func(r *http.Request) { r.Header.Del("Origin") }}},
		{"a LAN address", http.StatusForbidden, []func(*http.Request){host("192.168.1.20:1313"), header("Origin", "http://192.168.1.20:1313")}},
		{"another port", http.StatusForbidden, []func(*http.Request){host("127.0.0.1:8081"), header("Origin", "http://127.0.0.1:8081")}},
		{"cross-site fetch metadata", http.StatusForbidden, []func(*http.Request){header("Sec-Fetch-Site", "cross-site")}},
		{"a form (not JSON)", http.StatusUnsupportedMediaType, []func(*http.Request){header("Content-Type", "text/plain")}},
		{"a form, urlencoded", http.StatusUnsupportedMediaType, []func(*http.Request){header("Content-Type", "application/x-www-form-urlencoded")}},
		{"GET", http.StatusMethodNotAllowed, []func(*http.Request){func(r *http.Request) { r.Method = http.MethodGet }}},
		{"a preflight", http.StatusMethodNotAllowed, []func(*http.Request){func(r *http.Request) { r.Method = http.MethodOptions }}},
	}
	for _, c := range cases {
		status, body := post(t, h, "persistEntry", write, c.mods...)
		if status != c.status {
			t.Errorf("%s: status %d, want %d: %s", c.name, status, c.status, body)
		}
		if exists(dir, "content/producers/intruder.yaml") {
			t.Fatalf("%s: the file was written", c.name)
		}
	}
	// The refusals give no CORS permission.
	w := httptest.NewRecorder()
	r := httptest.NewRequest(http.MethodOptions, baseURL+"admin/api/v1", nil)
	r.Header.Set("Origin", "https://evil.example")
	r.Header.Set("Access-Control-Request-Method", "POST")
	h.ServeHTTP(w, r)
	if w.Header().Get("Access-Control-Allow-Origin") != "" || w.Code == http.StatusOK {
		t.Errorf("preflight answered %d %v", w.Code, w.Header())
	}

	// The server's own pages, under any name of this computer, and a
	// client without Origin (a script, curl) on this computer.
	okCases := [][]func(*http.Request){
		{header("Origin", "http://localhost:1313"), host("localhost:1313")},
		{header("Origin", "http://[::1]:1313"), host("[::1]:1313")},
		{header("Origin", "http://localhost:1313")}, // Host 127.0.0.1:1313
		{func(r *http.Request) { r.Header.Del("Origin"); r.Header.Del("Sec-Fetch-Site") }},
	}
	for i, mods := range okCases {
		status, body := post(t, h, "entriesByFolder", map[string]any{"folder": "content/producers", "extension": "yaml", "depth": 1}, mods...)
		if status != http.StatusOK {
			t.Errorf("allowed case %d: status %d: %s", i, status, body)
		}
	}

	// Options.Origins lets another origin in.
	h2 := New(root, Options{BaseURL: baseURL, Origins: []string{"http://localhost:5173"}})
	status, body := post(t, h2, "info", nil, header("Origin", "http://localhost:5173"), header("Sec-Fetch-Site", "same-site"))
	if status != http.StatusOK {
		t.Errorf("an allowed origin: %d %s", status, body)
	}

	// A server that listens for others than this computer does not write.
	for _, b := range []string{"http://0.0.0.0:1313/", "http://192.168.1.20:1313/", "http://ocop.example/", "", "ftp://127.0.0.1/"} {
		h := New(root, Options{BaseURL: b})
		refused(t, h, http.StatusForbidden, "info", nil, host("127.0.0.1:1313"), func(r *http.Request) { r.Header.Del("Origin") })
	}
}

func TestBadRequests(t *testing.T) {
	_, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	for _, body := range []string{"", "not json", `{"action":"info"} {"action":"info"}`, `[1,2]`} {
		r := httptest.NewRequest(http.MethodPost, baseURL+"admin/api/v1", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusBadRequest {
			t.Errorf("%q: status %d: %s", body, w.Code, w.Body)
		}
	}
	refused(t, h, http.StatusUnprocessableEntity, "persistEntry", map[string]any{"assets": []any{}, "options": map[string]any{}})
	refused(t, h, http.StatusUnprocessableEntity, "persistEntry", map[string]any{"dataFiles": "x"})
	refused(t, h, http.StatusUnprocessableEntity, "persistEntry", map[string]any{"dataFiles": []map[string]any{{"path": "content/producers/x.yaml"}}})
	refused(t, h, http.StatusUnprocessableEntity, "persistMedia", map[string]any{"options": map[string]any{}})
	refused(t, h, http.StatusUnprocessableEntity, "deleteFiles", map[string]any{"paths": []string{}})
}

func TestPhotoOfAnotherRecord(t *testing.T) {
	dir, root := site(t)
	h := New(root, Options{BaseURL: baseURL})
	put := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	put("content/products/dong-van/mat-ong.yaml", "name: Mật ong\nimages:\n  - anh.jpg\n  - file: mat-ong/hop.png\n")
	put("content/products/dong-van/anh.jpg", "the honey's photo")
	os.Mkdir(filepath.Join(dir, "content/products/dong-van/mat-ong"), 0o755)
	os.Mkdir(filepath.Join(dir, "content/stories/images"), 0o755)
	put("content/products/dong-van/mat-ong/hop.png", "the box")
	put("content/stories/images/hoi-cho.svg", "<svg/>")
	put("content/stories/hoi-cho.vi.md", "---\ntitle: Hội chợ\n---\n\n![Gian hàng](images/hoi-cho.svg)\n")

	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	entry := func(record, photo, content string) map[string]any {
		return map[string]any{
			"dataFiles": []map[string]any{{"slug": "x", "path": record, "raw": "name: X\nimages: [" + path.Base(photo) + "]\n"}},
			"assets":    []map[string]any{{"path": photo, "content": b64(content), "encoding": "base64"}},
			"options":   map[string]any{"commitMessage": "Update", "useWorkflow": false, "status": ""},
		}
	}
	// Another product of the district uploads a photo of the same name.
	msg := refused(t, h, http.StatusConflict, "persistEntry", entry("content/products/dong-van/ot-gio.yaml", "content/products/dong-van/anh.jpg", "the chilli's photo"))
	if !strings.Contains(msg, "mat-ong.yaml") || readSite(t, dir, "content/products/dong-van/anh.jpg") != "the honey's photo" {
		t.Errorf("the photo was replaced (%s)", msg)
	}
	if readSite(t, dir, "content/products/dong-van/ot-gio.yaml") != "name: Ớt gió\n" {
		t.Error("the record of a refused save was written")
	}
	refused(t, h, http.StatusConflict, "persistEntry", entry("content/products/dong-van/ot-gio.yaml", "content/products/dong-van/mat-ong/hop.png", "a box"))
	refused(t, h, http.StatusConflict, "persistMedia", map[string]any{
		"asset":   map[string]any{"path": "content/products/dong-van/anh.jpg", "content": b64("other"), "encoding": "base64"},
		"options": map[string]any{"commitMessage": "Upload"},
	})
	// The record that names the photo may replace it.
	ok(t, h, "persistEntry", entry("content/products/dong-van/mat-ong.yaml", "content/products/dong-van/anh.jpg", "a better photo"), nil)
	if readSite(t, dir, "content/products/dong-van/anh.jpg") != "a better photo" {
		t.Error("the record could not replace its own photo")
	}
	// The same bytes again change nothing, and are no conflict: another
	// record may name the same photo.
	ok(t, h, "persistEntry", entry("content/products/dong-van/ot-gio.yaml", "content/products/dong-van/anh.jpg", "a better photo"), nil)
	msg = refused(t, h, http.StatusConflict, "persistEntry", entry("content/products/dong-van/mat-ong.yaml", "content/products/dong-van/anh.jpg", "the best photo"))
	if !strings.Contains(msg, "ot-gio.yaml") {
		t.Errorf("message %q", msg)
	}

	// Nor removed while a record names it: a product's or a story's.
	for _, p := range []string{"content/products/dong-van/anh.jpg", "content/stories/images/hoi-cho.svg"} {
		refused(t, h, http.StatusConflict, "deleteFile", map[string]any{"path": p, "options": map[string]any{"commitMessage": "Delete"}})
		if !exists(dir, p) {
			t.Errorf("%s was removed", p)
		}
	}
	// With the record that names it, it may go.
	ok(t, h, "deleteFiles", map[string]any{"paths": []string{"content/stories/hoi-cho.vi.md", "content/stories/images/hoi-cho.svg"}, "options": map[string]any{"commitMessage": "Delete"}}, nil)
	if exists(dir, "content/stories/images/hoi-cho.svg") {
		t.Error("not removed")
	}
}

func TestMentions(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"images: [anh.jpg]", true},
		{"  - anh.jpg\n", true},
		{"file: \"anh.jpg\"", true},
		{"file: ./anh.jpg", true},
		{"xem anh.jpg.", true},
		{"anh.jpg", true},
		{"images: [tranh.jpg]", false},
		{"file: x/anh.jpg", false},
		{"file: anh.jpg.bak", false},
		{"file: anh.jpg2", false},
		{"file: mat-anh.jpg", false},
		{"file: ảnh.jpg", false},
		{"tranh.jpg anh.jpg", true},
	} {
		if got := mentions(c.text, "anh.jpg"); got != c.want {
			t.Errorf("mentions(%q) = %v", c.text, got)
		}
	}
}
