package opendata_test

import (
	"os"
	"path"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/opendata"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// counter counts what is written to it.
type counter int64

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

// BenchmarkFiles renders each open data file of the 16,000-product
// synthetic catalogue (sitetest.Catalogue), then all six, and reports
// their sizes in bytes:
//
//	go test -run XXX -bench Files -benchtime 5x ./internal/opendata
func BenchmarkFiles(b *testing.B) {
	const n = 16000
	dir := b.TempDir()
	sitetest.Catalogue(b, dir, n)
	src, diags := load.Load(os.DirFS(dir), ocop.Theme())
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	cat, diags := model.Build(src, model.Options{Now: buildDate})
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	b.Logf("%d products, %d current", len(cat.Products), cat.Current)
	files := opendata.Files(cat, opendata.Options{})
	for _, f := range files {
		b.Run(path.Base(f.Path), func(b *testing.B) {
			b.ReportAllocs()
			var size counter
			for b.Loop() {
				size = 0
				if err := f.Render(&size); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(size))
			b.ReportMetric(float64(size), "bytes")
		})
	}
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		var size counter
		for b.Loop() {
			size = 0
			for _, f := range opendata.Files(cat, opendata.Options{}) {
				if err := f.Render(&size); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.SetBytes(int64(size))
		b.ReportMetric(float64(size), "bytes")
	})
}
