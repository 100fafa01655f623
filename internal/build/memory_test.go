package build_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// TestMemoryLimit: a build asked for a soft memory limit keeps to it from
// its start (at least what was asked), and puts back the runtime's own
// setting when it is done, whether it succeeds or not.
func TestMemoryLimit(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, baseSite)
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	const mine = 123 << 30
	debug.SetMemoryLimit(mine)

	// The limits in force when each file of the site was opened: records
	// are read first, pictures copied into the output while it is
	// written.
	var mu sync.Mutex
	seen := map[int64]bool{}
	site := openFunc(func(name string) (fs.File, error) {
		mu.Lock()
		seen[debug.SetMemoryLimit(-1)] = true
		mu.Unlock()
		return os.DirFS(dir).Open(name)
	})
	opt := build.Options{SiteDir: dir, Site: site, Theme: ocop.Theme(), Out: filepath.Join(dir, "public"), Now: buildDate, MemoryLimit: 456 << 30}
	if _, err := build.Build(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 {
		t.Fatal("no file was opened")
	}
	for limit := range seen {
		if limit < 456<<30 {
			t.Errorf("the limits seen while building: %v; want %d or more throughout", seen, int64(456<<30))
		}
	}
	if got := debug.SetMemoryLimit(-1); got != mine {
		t.Errorf("after the build, the limit is %d, want %d as before", got, int64(mine))
	}
}

// openFunc is a file system made of its Open.
type openFunc func(name string) (fs.File, error)

func (f openFunc) Open(name string) (fs.File, error) { return f(name) }
