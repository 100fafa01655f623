package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTrackerUnchanged: what a Tracker saw is unchanged until a file read
// changes (also keeping its size and modification time), a folder listed
// gains a file, or a missing name appears.
func TestTrackerUnchanged(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", "title: a\n")
	write("content/a.yaml", "stars: 4\n")
	write("content/.photo.jpg", "jpeg 1")
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{"site.yaml", "content/a.yaml", "content/.photo.jpg"} {
		if err := os.Chtimes(filepath.Join(dir, name), old, old); err != nil {
			t.Fatal(err)
		}
	}
	site := os.DirFS(dir)
	read := func() []Observation {
		t.Helper()
		tr := Track(site)
		for _, name := range []string{"site.yaml", "content/a.yaml", "content/.photo.jpg"} {
			if _, err := fs.ReadFile(tr, name); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := fs.ReadDir(tr, "content"); err != nil {
			t.Fatal(err)
		}
		if _, err := fs.Stat(tr, "templates"); err == nil {
			t.Fatal("templates/ exists")
		}
		return tr.Observations()
	}
	obs := read()
	if same, p := Unchanged(site, obs); !same {
		t.Fatalf("unchanged site: %s differs", p)
	}
	for _, c := range []struct {
		what, path string
		change     func()
	}{
		{"a hidden photo replaced", "content/.photo.jpg", func() { write("content/.photo.jpg", "jpeg 2") }},
		{"a record edited, keeping its size and time", "content/a.yaml", func() {
			write("content/a.yaml", "stars: 5\n")
			os.Chtimes(filepath.Join(dir, "content/a.yaml"), old, old)
		}},
		{"a file added", "content", func() { write("content/b.yaml", "") }},
		{"a missing folder made", "templates", func() { os.Mkdir(filepath.Join(dir, "templates"), 0o755) }},
	} {
		obs := read()
		c.change()
		if same, p := Unchanged(site, obs); same || p != c.path {
			t.Errorf("%s: unchanged %v, first difference %q, want %q", c.what, same, p, c.path)
		}
	}
}
