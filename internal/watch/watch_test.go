package watch

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// next waits for the next batch, failing after a while.
func next(t *testing.T, w *Watcher) []string {
	t.Helper()
	select {
	case b := <-w.Batches():
		return b
	case <-time.After(5 * time.Second):
		t.Fatal("no batch within 5 s")
		return nil
	}
}

// none checks that no batch comes for a moment.
func none(t *testing.T, w *Watcher) {
	t.Helper()
	select {
	case b := <-w.Batches():
		t.Fatalf("unexpected batch %q", b)
	case <-time.After(150 * time.Millisecond):
	}
}

func write(t *testing.T, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T) (string, *Watcher) {
	t.Helper()
	dir := t.TempDir()
	write(t, filepath.Join(dir, "site.yaml"), "title: x\n")
	write(t, filepath.Join(dir, "content/products/dong-van/a.yaml"), "name: a\n")
	write(t, filepath.Join(dir, "templates/base.html"), "x")
	w, err := New(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go w.Run(ctx)
	t.Cleanup(cancel)
	return dir, w
}

func TestBatches(t *testing.T) {
	dir, w := start(t)
	a := filepath.Join(dir, "content/products/dong-van/a.yaml")

	// A plain save.
	write(t, a, "name: b\n")
	if got := next(t, w); !slices.Equal(got, []string{"content/products/dong-van/a.yaml"}) {
		t.Errorf("save: %q", got)
	}

	// Vim's save: 4913 probe, swap file, backup by rename, a new file.
	write(t, filepath.Join(dir, "content/products/dong-van/4913"), "")
	os.Remove(filepath.Join(dir, "content/products/dong-van/4913"))
	write(t, filepath.Join(dir, "content/products/dong-van/.a.yaml.swp"), "swap")
	os.Rename(a, a+"~")
	write(t, a, "name: c\n")
	os.Remove(a + "~")
	if got := next(t, w); !slices.Equal(got, []string{"content/products/dong-van/a.yaml"}) {
		t.Errorf("vim save: %q", got)
	}

	// An atomic rename-over, as JetBrains editors and many tools save.
	tmp := a + "___jb_tmp___"
	write(t, tmp, "name: d\n")
	os.Rename(tmp, a)
	if got := next(t, w); !slices.Equal(got, []string{"content/products/dong-van/a.yaml"}) {
		t.Errorf("rename-over: %q", got)
	}

	// Files outside the site's parts are not watched.
	write(t, filepath.Join(dir, "public/index.html"), "x")
	write(t, filepath.Join(dir, "notes.txt"), "x")
	none(t, w)

	// site.yaml.
	write(t, filepath.Join(dir, "site.yaml"), "title: y\n")
	if got := next(t, w); !slices.Equal(got, []string{"site.yaml"}) {
		t.Errorf("site.yaml: %q", got)
	}
}

func TestNewFoldersAndBursts(t *testing.T) {
	dir, w := start(t)
	// A new district folder with files written at once: the folder is
	// watched from then on, and the files already in it are reported.
	if err := os.MkdirAll(filepath.Join(dir, "content/products/meo-vac"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "content/products/meo-vac/x.yaml"), "name: x\n")
	got := next(t, w)
	if !slices.Contains(got, "content/products/meo-vac") {
		t.Errorf("new folder: %q", got)
	}
	time.Sleep(100 * time.Millisecond)
	write(t, filepath.Join(dir, "content/products/meo-vac/y.yaml"), "name: y\n")
	if got := next(t, w); !slices.Equal(got, []string{"content/products/meo-vac/y.yaml"}) {
		t.Errorf("file in the new folder: %q", got)
	}

	// A burst of a thousand writes is one or a few batches, not a thousand.
	for i := range 1000 {
		write(t, filepath.Join(dir, "content/products/meo-vac/y.yaml"), string(rune('a'+i%26)))
	}
	batches := 0
	for {
		select {
		case b := <-w.Batches():
			batches++
			if !slices.Equal(b, []string{"content/products/meo-vac/y.yaml"}) {
				t.Errorf("burst batch: %q", b)
			}
			continue
		case <-time.After(300 * time.Millisecond):
		}
		break
	}
	if batches == 0 || batches > 20 {
		t.Errorf("a burst of 1000 writes gave %d batches", batches)
	}

	// A folder renamed: both names are reported.
	os.Rename(filepath.Join(dir, "content/products/meo-vac"), filepath.Join(dir, "content/products/yen-minh"))
	got = next(t, w)
	if !slices.Contains(got, "content/products/meo-vac") || !slices.Contains(got, "content/products/yen-minh") {
		t.Errorf("rename: %q", got)
	}
	// And the moved folder is watched under its new name.
	write(t, filepath.Join(dir, "content/products/yen-minh/z.yaml"), "z")
	if got := next(t, w); !slices.Equal(got, []string{"content/products/yen-minh/z.yaml"}) {
		t.Errorf("file in the renamed folder: %q", got)
	}
}
