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

// BenchmarkBuildSite builds the site OCOP_BENCH_SITE names (such as the
// synthetic catalogue of docs/performance.md) from scratch, once per
// iteration, into OCOP_BENCH_OUT (default: a temporary folder), for the
// figures and profiles of docs/performance.md:
//
//	OCOP_BENCH_SITE=/tmp/ocop-16000 go test -run XXX -bench BuildSite -benchtime 1x -cpuprofile cpu.prof ./internal/build
//
// It reports the largest heap it saw (sampled every 100 ms) as
// peak-heap-MB; with OCOP_PROF_HEAP set, it writes there a heap profile
// taken when the heap was at its largest. Without OCOP_BENCH_SITE it is
// skipped.
func BenchmarkBuildSite(b *testing.B) {
	site := os.Getenv("OCOP_BENCH_SITE")
	if site == "" {
		b.Skip("set OCOP_BENCH_SITE to a site to measure its build")
	}
	out := outDir(b)
	var peak uint64
	done := make(chan bool)
	sampled := make(chan bool)
	go func() {
		defer close(sampled)
		for {
			select {
			case <-done:
				return
			case <-time.After(100 * time.Millisecond):
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak {
				peak = ms.HeapAlloc
				if p := os.Getenv("OCOP_PROF_HEAP"); p != "" {
					if f, err := os.Create(p); err == nil {
						pprof.Lookup("heap").WriteTo(f, 0)
						f.Close()
					}
				}
			}
		}
	}()
	for b.Loop() {
		os.RemoveAll(filepath.Dir(out))
		if _, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate}); err != nil {
			b.Fatal(err)
		}
	}
	close(done)
	<-sampled
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
