package build_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
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
// edition is one document, without links to volumes. The whole catalogue,
// once bigger than a volume, is the contents of its district editions
// rather than a second print of their products.
func TestPrintVolumes(t *testing.T) {
	n := model.VolumeSize + 50
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Catalogue(t, site, n)
	// Every product in Đồng Văn but one in Mèo Vạc: Đồng Văn's edition
	// needs two volumes.
	products := filepath.Join(site, "content", "products")
	moved := 0
	for _, d := range []string{"thanh-pho-ha-giang", "bac-me", "bac-quang", "hoang-su-phi", "meo-vac", "quan-ba", "quang-binh", "vi-xuyen", "xin-man", "yen-minh"} {
		entries, _ := os.ReadDir(filepath.Join(products, d))
		for _, e := range entries {
			if d == "meo-vac" && e.Name() == "p-5.yaml" {
				continue
			}
			if err := os.Rename(filepath.Join(products, d, e.Name()), filepath.Join(products, "dong-van", e.Name())); err != nil {
				t.Fatal(err)
			}
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("no product moved")
	}
	// And every product has 5 stars: their star edition is too big too.
	for _, d := range []string{"dong-van", "meo-vac"} {
		files, _ := filepath.Glob(filepath.Join(products, d, "*.yaml"))
		for _, f := range files {
			data, _ := os.ReadFile(f)
			os.WriteFile(f, regexp.MustCompile(`(?m)^stars: \d$`).ReplaceAll(data, []byte("stars: 5")), 0o644)
		}
	}
	out := filepath.Join(dir, "public")
	rep, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate})
	if err != nil {
		t.Fatal(err)
	}
	// ocop serve finds a volume by its address.
	if p := rep.Catalogue.PageAt("en/print/districts/dong-van/page/2/"); p == nil || p.Number != 2 || p.Kind != model.PrintPage {
		t.Errorf("PageAt(en/print/districts/dong-van/page/2/) = %v", p)
	}
	for _, path := range []string{"en/print/districts/dong-van/page/3/", "en/print/districts/dong-van/page/1/", "en/print/page/2/", "en/labels/districts/meo-vac/page/2/"} {
		if p := rep.Catalogue.PageAt(path); p != nil {
			t.Errorf("PageAt(%s) = %v, want none", path, p.Path)
		}
	}

	var all []string
	for v, path := range []string{"vi/print/districts/dong-van/index.html", "vi/print/districts/dong-van/page/2/index.html"} {
		doc := sitetest.Page(t, out, path)
		items := sitetest.Find(doc, "article[class~=print-item]")
		if want := []int{model.VolumeSize, n - 1 - model.VolumeSize}[v]; len(items) != want {
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
		if len(links) != 2 || sitetest.Attr(links[0], "href") != "/vi/print/districts/dong-van/" || sitetest.Attr(links[1], "href") != "/vi/print/districts/dong-van/page/2/" {
			t.Fatalf("%s: links to the volumes: %v", path, links)
		}
		if sitetest.Attr(links[v], "aria-current") != "page" || sitetest.Attr(links[1-v], "aria-current") != "" {
			t.Errorf("%s: the current volume is not the one marked", path)
		}
	}
	if len(all) != n-1 || len(slices.Compact(slices.Sorted(slices.Values(all)))) != n-1 {
		t.Errorf("the volumes show %d products, %d of them different; want each of %d once", len(all), len(slices.Compact(slices.Sorted(slices.Values(all)))), n-1)
	}
	if _, err := os.Stat(filepath.Join(out, "vi/print/districts/dong-van/page/3/index.html")); err == nil {
		t.Error("a third volume was made")
	}
	// Mèo Vạc's edition and its labels fit in one.
	for _, path := range []string{"vi/print/districts/meo-vac/index.html", "vi/labels/districts/meo-vac/index.html"} {
		doc := sitetest.Page(t, out, path)
		if v := sitetest.Find(doc, "nav[class~=volumes]"); len(v) > 0 {
			t.Errorf("%s: links to volumes in an edition of one", path)
		}
	}
	// The whole catalogue: its contents, leading to both district
	// editions with their counts, and no product printed again.
	doc := sitetest.Page(t, out, "en/print/index.html")
	if items := sitetest.Find(doc, "article[class~=print-item]"); len(items) != 0 {
		t.Errorf("the whole catalogue prints %d products again", len(items))
	}
	var got []string
	for _, li := range sitetest.Find(doc, "nav[class~=toc] li") {
		got = append(got, sitetest.Attr(sitetest.First(t, li, "a"), "href")+" "+sitetest.Text(li))
	}
	want := []string{
		"/en/print/districts/dong-van/ OCOP products of dong-van district " + fmt.Sprint(n-1) + " products",
		"/en/print/districts/meo-vac/ OCOP products of meo-vac district 1 product",
	}
	if !slices.Equal(got, want) {
		t.Errorf("the whole catalogue's contents:\n%q\nwant\n%q", got, want)
	}
	if _, err := os.Stat(filepath.Join(out, "en/print/page/2/index.html")); err == nil {
		t.Error("the whole catalogue has volumes")
	}
	// The 5 stars' edition likewise: the districts' 5-star sections.
	doc = sitetest.Page(t, out, "vi/print/stars/5/index.html")
	if items := sitetest.Find(doc, "article[class~=print-item]"); len(items) != 0 {
		t.Errorf("the 5-star edition prints %d products again", len(items))
	}
	got = nil
	for _, li := range sitetest.Find(doc, "nav[class~=toc] li") {
		got = append(got, sitetest.Attr(sitetest.First(t, li, "a"), "href")+" "+sitetest.Text(li))
	}
	want = []string{
		"/vi/print/districts/dong-van/#stars-5 Sản phẩm OCOP Huyện dong-van " + fmt.Sprint(n-1) + " sản phẩm",
		"/vi/print/districts/meo-vac/#stars-5 Sản phẩm OCOP Huyện meo-vac 1 sản phẩm",
	}
	if !slices.Equal(got, want) {
		t.Errorf("the 5-star edition's contents:\n%q\nwant\n%q", got, want)
	}
	if len(sitetest.Find(sitetest.Page(t, out, "vi/print/districts/dong-van/index.html"), "h2[id=stars-5]")) != 1 {
		t.Error("Đồng Văn's edition has no 5-star section to link to")
	}
}
