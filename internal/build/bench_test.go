package build_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// BenchmarkBuild builds a synthetic catalogue from files to minified
// output. Run: go test -bench Build -benchtime 3x ./internal/build
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("products=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			site := filepath.Join(dir, "site")
			sitetest.Catalogue(b, site, n)
			opt := build.Options{SiteDir: site, Theme: ocop.Theme(), Out: filepath.Join(dir, "public"), Now: buildDate}
			var pages int
			for b.Loop() {
				rep, err := build.Build(context.Background(), opt)
				if err != nil {
					b.Fatal(err)
				}
				pages = 0
				for _, l := range rep.Pages {
					pages += l.Pages
				}
			}
			b.ReportMetric(float64(pages), "pages")
			b.ReportMetric(float64(pages)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}
