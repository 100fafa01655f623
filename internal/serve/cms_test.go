package serve

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// cmsRequest sends the CMS's local-backend request {action, params} to
// srv as the page /admin/ of the server would, and returns the status and
// the reply.
func cmsRequest(t *testing.T, srv *Server, action string, params any) (int, map[string]any) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"action": action, "params": params})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1313/admin/api/v1", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://127.0.0.1:1313")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var reply map[string]any
	json.Unmarshal(rec.Body.Bytes(), &reply)
	return rec.Code, reply
}

// TestCMSSaves checks that ocop serve answers the CMS of /admin/ and
// writes into the site's folder what the loader accepts, and refuses,
// writing nothing, a record with an error or one whose address another
// product already has.
func TestCMSSaves(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base)
	srv := New(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1:1313/", Now: now})
	if res := srv.Rebuild(nil); errorsOnly(res.Diagnostics) != nil {
		t.Fatal(res.Diagnostics)
	}
	if code, reply := cmsRequest(t, srv, "info", map[string]any{"branch": "main"}); code != http.StatusOK || reply["type"] != "local_fs" {
		t.Fatalf("info: %d %v", code, reply)
	}
	persist := func(path, raw string) (int, map[string]any) {
		return cmsRequest(t, srv, "persistEntry", map[string]any{
			"branch":    "main",
			"dataFiles": []map[string]any{{"slug": "x", "path": path, "raw": raw}},
			"assets":    []any{},
			"options":   map[string]any{"newEntry": true},
		})
	}
	good := "name: Chè Shan tuyết Mèo Vạc\nstars: 4\ngroup: food/tea\nproducer: ho-sung\ncertificate:\n  number: 1/QĐ\n  issued: 2025-09-21\n  issuer: UBND tỉnh Tuyên Quang\n"
	for _, tc := range []struct {
		path, raw string
		want      string // in the error; "" for a save
	}{
		{"content/products/meo-vac/che-meo-vac.yaml", good, ""},
		{"content/products/meo-vac/sao-bay.yaml", strings.Replace(good, "stars: 4", "stars: 7", 1),
			"content/products/meo-vac/sao-bay.yaml:2:8: "},
		{"content/products/meo-vac/mat-ong-bac-ha.yaml", good,
			"content/products/meo-vac/mat-ong-bac-ha.yaml: this file's name gives the same address as content/products/dong-van/mat-ong-bac-ha.yaml"},
		{"content/products/meo-vac/thieu.yaml", "name: Thiếu\n", "content/products/meo-vac/thieu.yaml:1:1: "},
	} {
		code, reply := persist(tc.path, tc.raw)
		_, err := os.Stat(filepath.Join(dir, tc.path))
		if tc.want == "" {
			if code != http.StatusOK || err != nil {
				t.Errorf("%s: %d %v; the file: %v", tc.path, code, reply, err)
			}
			continue
		}
		msg, _ := reply["error"].(string)
		if code == http.StatusOK || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %q, want a refusal with %q", tc.path, code, msg, tc.want)
		}
		if err == nil {
			t.Errorf("%s was written, though refused", tc.path)
		}
	}
	// Only POST, and only from the server's own pages.
	req := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1313/admin/api/v1", strings.NewReader(`{"action":"info"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code == http.StatusOK {
		t.Errorf("a request from another site's page was answered: %s", rec.Body)
	}
}
