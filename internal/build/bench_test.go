package build_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/render"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// The benchmarks build generated catalogues (sitetest.Catalogue: the shape
// of ../shared/bench/synth's) of 1,000 products, and of 16,000 when
// OCOP_BENCH_LARGE is set (writing one takes a while):
//
//	go test -run XXX -bench . -benchtime 3x ./internal/build
//	OCOP_BENCH_LARGE=1 go test -run XXX -bench . -benchtime 3x -timeout 30m ./internal/build
//
// OCOP_BENCH_OUT names where outputs go (default: the test's temporary
// folder); /dev/shm keeps the disk out of the figures.
func sizes() []int {
	if os.Getenv("OCOP_BENCH_LARGE") != "" {
		return []int{1000, 16000}
	}
	return []int{1000}
}

// catalogue writes a catalogue of n products and returns its folder.
func catalogue(b *testing.B, n int) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	sitetest.Catalogue(b, dir, n)
	return dir
}

func outDir(b *testing.B) string {
	if base := os.Getenv("OCOP_BENCH_OUT"); base != "" {
		dir, err := os.MkdirTemp(base, "ocop-bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		return filepath.Join(dir, "public")
	}
	return filepath.Join(b.TempDir(), "public")
}

// BenchmarkBuild is a cold build: load, model, render, minify and write
// every file (no cache).
func BenchmarkBuild(b *testing.B) {
	for _, n := range sizes() {
		b.Run(fmt.Sprintf("products=%d", n), func(b *testing.B) {
			opt := build.Options{SiteDir: catalogue(b, n), Theme: ocop.Theme(), Out: outDir(b), Now: buildDate}
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

// BenchmarkRebuild builds once, then measures rebuilds with the cache:
// with nothing changed, and with one product's name changed.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range sizes() {
		site := catalogue(b, n)
		opt := build.Options{SiteDir: site, Theme: ocop.Theme(), Out: outDir(b), Now: buildDate, CacheDir: filepath.Join(b.TempDir(), "cache")}
		if _, err := build.Build(context.Background(), opt); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("unchanged/products=%d", n), func(b *testing.B) {
			for b.Loop() {
				rep, err := build.Build(context.Background(), opt)
				if err != nil || !rep.Unchanged {
					b.Fatalf("%v, unchanged %v", err, rep.Unchanged)
				}
			}
		})
		b.Run(fmt.Sprintf("one-product/products=%d", n), func(b *testing.B) {
			file := filepath.Join(site, "content/products/dong-van/p-3.yaml")
			original, _ := os.ReadFile(file)
			i := 0
			for b.Loop() {
				i++
				edited := strings.Replace(string(original), "Chè Shan tuyết số 3,", fmt.Sprintf("Chè sửa %d,", i), 1)
				os.WriteFile(file, []byte(edited), 0o644)
				rep, err := build.Build(context.Background(), opt)
				if err != nil || rep.Kept == 0 {
					b.Fatalf("%v, kept %d", err, rep.Kept)
				}
			}
		})
	}
}

// The stages one by one.

func BenchmarkLoad(b *testing.B) {
	for _, n := range sizes() {
		b.Run(fmt.Sprintf("products=%d", n), func(b *testing.B) {
			site := os.DirFS(catalogue(b, n))
			for b.Loop() {
				if _, diags := load.Load(site, ocop.Theme()); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}

func BenchmarkModel(b *testing.B) {
	for _, n := range sizes() {
		b.Run(fmt.Sprintf("products=%d", n), func(b *testing.B) {
			src, _ := load.Load(os.DirFS(catalogue(b, n)), ocop.Theme())
			// The names' collation keys are kept from one model to the
			// next, as in ocop serve and a pipeline run again.
			keys := &model.KeyCache{}
			for b.Loop() {
				model.Build(src, model.Options{Now: buildDate, Keys: keys})
			}
		})
	}
}

// BenchmarkRender renders and minifies every file into nothing: the
// templates, Markdown and minification, without the disk.
func BenchmarkRender(b *testing.B) {
	for _, n := range sizes() {
		b.Run(fmt.Sprintf("products=%d", n), func(b *testing.B) {
			src, _ := load.Load(os.DirFS(catalogue(b, n)), ocop.Theme())
			cat, _ := model.Build(src, model.Options{Now: buildDate})
			for b.Loop() {
				r, diags := render.New(cat, render.Options{})
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				files, err := r.Files()
				if err != nil {
					b.Fatal(err)
				}
				for _, f := range files {
					if f.Render != nil {
						if err := f.Render(io.Discard); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
		})
	}
}
