package serve

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// BenchmarkEdit measures ocop serve's work for one saved product: the
// loader reads the file again, the catalogue is modelled again, and the
// pages open in a browser that show the product (its own page, its
// district's first page) are rendered again and served. The file system's
// event delivery is not in it: bench/serve-latency measures save → served
// on a real ocop serve.
//
//	go test -run XXX -bench Edit -benchtime 20x ./internal/serve
func BenchmarkEdit(b *testing.B) {
	for _, n := range []int{1000, 16000} {
		b.Run(fmt.Sprintf("products=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			sitetest.Catalogue(b, dir, n)
			srv := New(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now})
			if res := srv.Rebuild(nil); res.Diagnostics.HasErrors() {
				b.Fatal(res.Diagnostics)
			}
			hs := httptest.NewServer(srv)
			defer hs.Close()
			product := "content/products/dong-van/p-3.yaml"
			path := filepath.Join(dir, filepath.FromSlash(product))
			original, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			open := []string{"/vi/products/p-3/", "/vi/districts/dong-van/"}
			for _, p := range open {
				fetch(b, hs, p)
			}
			i := 0
			for b.Loop() {
				i++
				name := fmt.Sprintf("Chè sửa lần %d", i)
				edited := strings.Replace(string(original), "Chè Shan tuyết số 3,", name+",", 1)
				if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
					b.Fatal(err)
				}
				res := srv.Rebuild([]string{product})
				if res.Diagnostics.HasErrors() {
					b.Fatal(res.Diagnostics)
				}
				if body := fetch(b, hs, open[0]); !strings.Contains(body, name) {
					b.Fatalf("the page does not show %q", name)
				}
			}
		})
	}
}

func fetch(b *testing.B, hs *httptest.Server, p string) string {
	resp, err := http.Get(hs.URL + p)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		b.Fatalf("%s: %d", p, resp.StatusCode)
	}
	return string(body)
}
