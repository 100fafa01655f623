package build_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
)

// TestProf16k builds the site OCOP_PROF_SITE names (the synthetic
// catalogue of docs/performance.md) into OCOP_PROF_OUT (default: a
// temporary folder), for go test's -cpuprofile and -memprofile. With
// OCOP_PROF_HEAP set, it also writes there a heap profile taken when the
// heap was at its largest. Without OCOP_PROF_SITE it does nothing.
func TestProf16k(t *testing.T) {
	site := os.Getenv("OCOP_PROF_SITE")
	if site == "" {
		t.Skip("set OCOP_PROF_SITE to a site to profile its build")
	}
	out := os.Getenv("OCOP_PROF_OUT")
	if out == "" {
		out = filepath.Join(t.TempDir(), "public")
	}
	done := make(chan bool)
	if p := os.Getenv("OCOP_PROF_HEAP"); p != "" {
		go func() {
			var max uint64
			for {
				select {
				case <-done:
					return
				case <-time.After(300 * time.Millisecond):
				}
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > max {
					max = ms.HeapAlloc
					f, _ := os.Create(p)
					pprof.Lookup("heap").WriteTo(f, 0)
					f.Close()
				}
			}
		}()
	}
	_, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate})
	close(done)
	if err != nil {
		t.Fatal(err)
	}
}
