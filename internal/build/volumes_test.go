package build_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// TestPrintVolumes: a print edition of more than model.VolumeSize products
// comes in volumes: the first at the edition's address, the next ones at
// page/2/ and on, each with every product once, in order, the volume named
// on its cover and in its title, and links to all the volumes. A smaller
// edition is one document, without links to volumes.
func TestPrintVolumes(t *testing.T) {
	n := model.VolumeSize + 50
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Catalogue(t, site, n)
	out := filepath.Join(dir, "public")
	rep, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate})
	if err != nil {
		t.Fatal(err)
	}
	// ocop serve finds a volume by its address.
	if p := rep.Catalogue.PageAt("en/print/page/2/"); p == nil || p.Number != 2 || p.Kind != model.PrintPage {
		t.Errorf("PageAt(en/print/page/2/) = %v", p)
	}
	for _, path := range []string{"en/print/page/3/", "en/print/page/1/", "en/labels/districts/dong-van/page/2/"} {
		if p := rep.Catalogue.PageAt(path); p != nil {
			t.Errorf("PageAt(%s) = %v, want none", path, p.Path)
		}
	}

	var all []string
	for v, path := range []string{"vi/print/index.html", "vi/print/page/2/index.html"} {
		doc := sitetest.Page(t, out, path)
		items := sitetest.Find(doc, "article[class~=print-item]")
		if want := []int{model.VolumeSize, 50}[v]; len(items) != want {
			t.Errorf("%s: %d products, want %d", path, len(items), want)
		}
		for _, it := range items {
			all = append(all, sitetest.Attr(it, "id"))
		}
		volume := fmt.Sprintf("Tập %d/2", v+1)
		if got := sitetest.Text(sitetest.First(t, doc, "p[class~=cover-volume]")); got != volume {
			t.Errorf("%s: the cover says %q, want %q", path, got, volume)
		}
		if title := sitetest.Text(sitetest.First(t, doc, "title")); !strings.Contains(title, volume) {
			t.Errorf("%s: the title %q does not name the volume", path, title)
		}
		links := sitetest.Find(doc, "nav[class~=volumes] a")
		if len(links) != 2 || sitetest.Attr(links[0], "href") != "/vi/print/" || sitetest.Attr(links[1], "href") != "/vi/print/page/2/" {
			t.Fatalf("%s: links to the volumes: %v", path, links)
		}
		if sitetest.Attr(links[v], "aria-current") != "page" || sitetest.Attr(links[1-v], "aria-current") != "" {
			t.Errorf("%s: the current volume is not the one marked", path)
		}
	}
	if len(all) != n || len(slices.Compact(slices.Sorted(slices.Values(all)))) != n {
		t.Errorf("the volumes show %d products, %d of them different; want each of %d once", len(all), len(slices.Compact(slices.Sorted(slices.Values(all)))), n)
	}
	if _, err := os.Stat(filepath.Join(out, "vi/print/page/3/index.html")); err == nil {
		t.Error("a third volume was made")
	}
	// A district's edition and its labels fit in one.
	for _, path := range []string{"vi/print/districts/dong-van/index.html", "vi/labels/districts/dong-van/index.html"} {
		doc := sitetest.Page(t, out, path)
		if v := sitetest.Find(doc, "nav[class~=volumes]"); len(v) > 0 {
			t.Errorf("%s: links to volumes in an edition of one", path)
		}
	}
}
