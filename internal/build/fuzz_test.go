package build_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
	"golang.org/x/tools/txtar"
)

// FuzzSite puts arbitrary text in a product, a producer and a story of a
// valid site and checks it whole (load, model, templates, checks). Whatever
// the text, the result is either a checked site or errors at positions in
// the site's files, never a panic. The seeds run with the tests; explore
// with go test -fuzz FuzzSite ./internal/build.
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
	f.Add(product, producer, story)
	f.Add([]byte("name: ["), []byte("kind: 7"), []byte("---\ntitle: x\n"))
	f.Add([]byte("stars: 9\ngroup: food\nproducer: nope\n"), []byte{}, []byte("---\n---\n"))
	f.Add([]byte("images: [../../../../etc/passwd, honey.svg, honey.svg]\n"), []byte("name: &a [*a]\n"), []byte("no front matter"))
	f.Fuzz(func(t *testing.T, product, producer, story []byte) {
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
		rep, err := build.Check(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Now: buildDate})
		for _, d := range rep.Diagnostics {
			if d.Severity == diag.Error && d.Pos.File == "" && d.Code != "template" {
				t.Errorf("an error without a position: %s", d)
			}
		}
		if err != nil && !rep.Diagnostics.HasErrors() {
			t.Errorf("failed without a diagnostic: %v", err)
		}
	})
}
