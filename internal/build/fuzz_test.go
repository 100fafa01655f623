package build_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
	"golang.org/x/tools/txtar"
)

// FuzzSite puts arbitrary text in a product, a producer and a story of a
// valid site, with raw HTML in Markdown off or on, and checks it whole
// (load, model, templates, checks). Whatever the text, the result is
// either errors at positions in the site's files, or a site that builds,
// every file of which is safe to publish (sitetest.Unsafe: no script but
// the theme's, no event handler, no javascript: address, no "<" in JSON,
// no formula in CSV); never a panic. The seeds run with the tests (those
// in testdata/fuzz/FuzzSite come from the hostile corpus,
// testdata/hostile); explore with go test -fuzz FuzzSite ./internal/build.
func FuzzSite(f *testing.F) {
	a := txtar.Parse([]byte(baseSite))
	var product, producer, story []byte
	for _, file := range a.Files {
		switch file.Name {
		case "content/products/dong-van/mat-ong-bac-ha.yaml":
			product = file.Data
		case "content/producers/htx-lung-cu.yaml":
			producer = file.Data
		case "content/stories/mua-mat.vi.md":
			story = file.Data
		}
	}
	f.Add(product, producer, story, false)
	f.Add(product, producer, story, true)
	f.Add([]byte("name: ["), []byte("kind: 7"), []byte("---\ntitle: x\n"), false)
	f.Add([]byte("stars: 9\ngroup: food\nproducer: nope\n"), []byte{}, []byte("---\n---\n"), false)
	f.Add([]byte("images: [../../../../etc/passwd, honey.svg, honey.svg]\n"), []byte("name: &a [*a]\n"), []byte("no front matter"), false)
	f.Fuzz(func(t *testing.T, product, producer, story []byte, html bool) {
		dir := t.TempDir()
		site := filepath.Join(dir, "site")
		sitetest.Write(t, site, baseSite)
		for name, data := range map[string][]byte{
			"content/products/dong-van/mat-ong-bac-ha.yaml": product,
			"content/producers/htx-lung-cu.yaml":            producer,
			"content/stories/mua-mat.vi.md":                 story,
		} {
			writeRaw(t, filepath.Join(site, filepath.FromSlash(name)), data)
		}
		if html {
			cfg := filepath.Join(site, "site.yaml")
			data, err := os.ReadFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			writeRaw(t, cfg, append(data, "markdown: {html: true}\n"...))
		}
		opt := build.Options{SiteDir: site, Theme: ocop.Theme(), Now: buildDate}
		rep, err := build.Check(context.Background(), opt)
		for _, d := range rep.Diagnostics {
			if d.Severity == diag.Error && d.Pos.File == "" && d.Code != "template" {
				t.Errorf("an error without a position: %s", d)
			}
		}
		if err != nil && !rep.Diagnostics.HasErrors() {
			t.Errorf("failed without a diagnostic: %v", err)
		}
		if err != nil {
			return
		}
		// It checks: it must build, into files that are safe.
		opt.Out = filepath.Join(dir, "public")
		if _, err := build.Build(context.Background(), opt); err != nil {
			t.Fatalf("checked without an error, but the build failed: %v", err)
		}
		err = filepath.WalkDir(opt.Out, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(opt.Out, p)
			// Unsafe reads a page as a browser does: a "<script>" inside
			// an attribute's quotes (the minifier leaves < as it is there)
			// is text; one that starts an element is a problem.
			for _, problem := range sitetest.Unsafe(filepath.ToSlash(rel), data) {
				t.Errorf("%s: unsafe: %s", rel, problem)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
