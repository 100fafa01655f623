package quality

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
)

// root is the repository: the sample Hà Giang site.
const root = "../.."

// out is the sample site, built once for all the tests here.
var out string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ocop-quality-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out = filepath.Join(dir, "public")
	_, err = build.Build(context.Background(), build.Options{
		SiteDir: root, Theme: ocop.Theme(), Out: out,
		Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "building the sample site:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// need skips the test when a tool is missing, or fails it under CI.
func need(t *testing.T, what, install string, ok bool) {
	t.Helper()
	if ok {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is missing, and CI is set: %s", what, install)
	}
	t.Skipf("%s is missing (%s); skipping", what, install)
}

// tool returns the path of a file installed by npm ci, or "".
func tool(rel string) string {
	p := filepath.Join(root, "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	p, _ = filepath.Abs(p)
	return p
}

func java() string {
	p, _ := exec.LookPath("java")
	return p
}

// serveSite serves the built site on loopback, as a static host would:
// folders give their index.html, missing files the 404 page.
func serveSite(t *testing.T) string {
	t.Helper()
	hs := httptest.NewServer(siteHandler())
	t.Cleanup(hs.Close)
	return hs.URL
}

// siteHandler is what serveSite serves.
func siteHandler() http.Handler {
	files := http.FileServer(http.Dir(out))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(out, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if info, err := os.Stat(p); err != nil || (info.IsDir() && !exists(filepath.Join(p, "index.html"))) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			data, _ := os.ReadFile(filepath.Join(out, "404.html"))
			w.Write(data)
			return
		}
		files.ServeHTTP(w, r)
	})
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// htmlFiles lists every HTML file of the output, relative and sorted.
func htmlFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(out, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	slices.Sort(files)
	if len(files) < 300 {
		t.Fatalf("only %d HTML files", len(files))
	}
	return files
}

// mainPages are a page of every kind, in every language: what the browser
// tests look at.
func mainPages() []string {
	var pages []string
	for _, lang := range []string{"vi", "en", "zh"} {
		for _, p := range []string{
			"", "products/che-xanh-shan-tuyet-phin-ho/", "products/ga-den-quan-ba/", "districts/", "districts/dong-van/",
			"stars/", "stars/4/", "groups/", "groups/food/tea/", "producers/", "producers/htx-che-bien-che-phin-ho/",
			"stories/", "stories/mua-che-xuan-phin-ho/",
			"trade/", "print/districts/dong-van/", "labels/districts/dong-van/", "shortlist/", "search/?q=mat+ong",
		} {
			pages = append(pages, "/"+lang+"/"+p)
		}
	}
	// An expired product keeps its page; a missing address gets the 404
	// page; a producer has a web address too long for a phone's line.
	return append(pages, "/vi/products/banh-chung-gu-ngoc-duong/", "/vi/no-such-page/", "/vi/producers/cong-ty-co-phan-nong-san-bac-quang/")
}
