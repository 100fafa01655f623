package build_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// The trade promotion kit of the base site: in it, Đồng Văn has the honey
// (4 stars), the tea (5) and the buckwheat cake (3); Mèo Vạc's only
// product, the corn liquor, has an expired certificate.

// printItems returns the names of the products in a print edition, in
// order, and the headings of its sections.
func printItems(t *testing.T, out, page string) (items, sections []string) {
	t.Helper()
	doc := sitetest.Page(t, out, page)
	for _, a := range sitetest.Find(doc, "article[class~=print-item]") {
		items = append(items, sitetest.Text(sitetest.First(t, a, "h3")))
	}
	for _, s := range sitetest.Find(doc, "section[class~=print-section]") {
		sections = append(sections, sitetest.Text(sitetest.First(t, s, "h2")))
	}
	return items, sections
}

func TestPrintEditions(t *testing.T) {
	out, _ := mustBuild(t, baseSite)

	// The whole catalogue: every current product once, by district, with
	// a cover, the build's date and a table of contents.
	items, sections := printItems(t, out, "en/print/index.html")
	if want := []string{"Lung Cu Shan Tuyet Tea", "Lung Cu Mint Honey", "Buckwheat cake"}; !slices.Equal(items, want) {
		t.Errorf("whole catalogue lists %q, want %q (stars first within a district; no expired product)", items, want)
	}
	if want := []string{"Dong Van"}; !slices.Equal(sections, want) {
		t.Errorf("whole catalogue sections %q, want %q (a district without current products has none)", sections, want)
	}
	doc := sitetest.Page(t, out, "en/print/index.html")
	cover := sitetest.Text(sitetest.First(t, doc, "header[class=cover]"))
	for _, want := range []string{"Test OCOP Products", "Catalogue of OCOP products", "3 products", "29 November 2026", "ocop.example.vn/en/"} {
		if !strings.Contains(cover, want) {
			t.Errorf("the cover lacks %q: %q", want, cover)
		}
	}
	toc := sitetest.Texts(sitetest.Find(sitetest.First(t, doc, "nav[class=toc]"), "li"))
	if want := []string{"Dong Van 3 products"}; !slices.Equal(toc, want) {
		t.Errorf("contents %q, want %q", toc, want)
	}
	if got := sitetest.Attr(sitetest.First(t, doc, "meta[name=robots]"), "content"); got != "noindex" {
		t.Errorf("a print edition is open to search engines: robots %q", got)
	}

	// A district's edition, by star level.
	items, sections = printItems(t, out, "vi/print/districts/dong-van/index.html")
	if want := []string{"Chè Shan tuyết Lũng Cú", "Mật ong bạc hà Lũng Cú", "Bánh tam giác mạch"}; !slices.Equal(items, want) {
		t.Errorf("Đồng Văn edition lists %q, want %q", items, want)
	}
	if want := []string{"Sản phẩm OCOP 5 sao", "Sản phẩm OCOP 4 sao", "Sản phẩm OCOP 3 sao"}; !slices.Equal(sections, want) {
		t.Errorf("Đồng Văn edition sections %q, want %q", sections, want)
	}
	items, _ = printItems(t, out, "vi/print/districts/meo-vac/index.html")
	if len(items) != 0 {
		t.Errorf("Mèo Vạc edition lists %q; its only product has expired", items)
	}

	// A star level's edition, by district.
	items, sections = printItems(t, out, "zh/print/stars/4/index.html")
	if want := []string{"龙鼓薄荷蜂蜜"}; !slices.Equal(items, want) || !slices.Equal(sections, []string{"同文"}) {
		t.Errorf("4-star edition lists %q in %q", items, sections)
	}

	// An entry: stars, group, producer with contact links, certificate and
	// the QR code of the product's page.
	doc = sitetest.Page(t, out, "en/print/districts/dong-van/index.html")
	entry := sitetest.First(t, doc, "article[id=p-mat-ong-bac-ha]")
	text := sitetest.Text(entry)
	for _, want := range []string{"4 stars", "Honey", "Lung Cu Cooperative", "0219 3856 123", "Zalo 0912 345 678", "123/QĐ-UBND", "Valid until 1 March 2028", "ocop.example.vn/en/products/mat-ong-bac-ha/"} {
		if !strings.Contains(text, want) {
			t.Errorf("the honey's entry lacks %q: %q", want, text)
		}
	}
	if tel := sitetest.First(t, entry, "a[href=tel:+842193856123]"); tel == nil {
		t.Error("no tel: link")
	}
	if img := sitetest.First(t, entry, "img[src=/qr/mat-ong-bac-ha.svg]"); sitetest.Attr(img, "alt") == "" {
		t.Error("the QR code has no text alternative")
	}
}

func TestLabels(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	doc := sitetest.Page(t, out, "vi/labels/districts/dong-van/index.html")
	labels := sitetest.Find(doc, "li[class=label]")
	var names []string
	for _, l := range labels {
		names = append(names, sitetest.Text(sitetest.First(t, l, "p[class=label-name]")))
		if len(sitetest.Find(l, "img[class=label-qr]")) == 0 {
			t.Error("a label without a QR code")
		}
	}
	if want := []string{"Chè Shan tuyết Lũng Cú", "Mật ong bạc hà Lũng Cú", "Bánh tam giác mạch"}; !slices.Equal(names, want) {
		t.Errorf("labels %q, want %q", names, want)
	}
	honey := sitetest.Text(labels[1])
	for _, want := range []string{"4 sao", "HTX Lũng Cú", "☎ 0219 3856 123", "Đồng Văn"} {
		if !strings.Contains(honey, want) {
			t.Errorf("the honey's label lacks %q: %q", want, honey)
		}
	}
	if src := sitetest.Attr(sitetest.First(t, labels[1], "img"), "src"); src != "/qr/mat-ong-bac-ha.svg" {
		t.Errorf("the honey's label shows the QR code %s", src)
	}
	// The district page leads to its print edition and labels.
	page := sitetest.Page(t, out, "vi/districts/dong-van/index.html")
	for _, href := range []string{"/vi/print/districts/dong-van/", "/vi/labels/districts/dong-van/"} {
		if len(sitetest.Find(page, "a[href="+href+"]")) == 0 {
			t.Errorf("the district page does not link to %s", href)
		}
	}
}

// TestQRCodes decodes every product's QR code and the site's: one code
// per product, whatever the language of the page or label that shows it,
// encoding the absolute address of the product's page in the default
// language (whose language menu leads to the others); the site's, its
// root. No code is left in the languages' folders.
func TestQRCodes(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	const base = "https://ocop.example.vn/"
	codes := map[string]string{"qr.svg": base}
	for _, slug := range []string{"mat-ong-bac-ha", "che-shan-tuyet", "banh-tam-giac-mach", "ruou-ngo"} {
		codes["qr/"+slug+".svg"] = base + "vi/products/" + slug + "/"
	}
	for p, want := range codes {
		svg, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Errorf("no QR code %s: %v", p, err)
			continue
		}
		if got := sitetest.DecodeQR(t, svg); got != want {
			t.Errorf("%s decodes to %q, want %q", p, got, want)
		}
	}
	entries, err := os.ReadDir(filepath.Join(out, "qr"))
	if err != nil || len(entries) != 4 {
		t.Errorf("qr/ holds %d files, want one per product (%v)", len(entries), err)
	}
	filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "qr.svg" && p != filepath.Join(out, "qr.svg") {
			t.Errorf("a QR code per language is left: %s", p)
		}
		return nil
	})
	// Every language's product page shows the product's one code.
	for _, lang := range []string{"vi", "en", "zh"} {
		doc := sitetest.Page(t, out, lang+"/products/che-shan-tuyet/index.html")
		img := sitetest.First(t, sitetest.First(t, doc, "figure[class=product-qr]"), "img")
		if src := sitetest.Attr(img, "src"); src != "/qr/che-shan-tuyet.svg" {
			t.Errorf("the %s product page shows the QR code %s", lang, src)
		}
	}
}

// TestShortlistButton checks the data the shortlist keeps of a product,
// on its cards and its page, and that the buttons are hidden until the
// script shows them.
func TestShortlistButton(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	type item struct {
		S, N, D, G, P, Ph, T, C, E, Ed, U, I string
		St                                   int
	}
	doc := sitetest.Page(t, out, "en/products/mat-ong-bac-ha/index.html")
	b := sitetest.First(t, doc, "button[class=pick]")
	if n := len(sitetest.Find(doc, "button[class=pick]")); n == 0 || len(sitetest.Find(doc, "button[class=pick][hidden]")) != n {
		t.Error("the shortlist button is not hidden: without JavaScript it would do nothing")
	}
	var it item
	if err := json.Unmarshal([]byte(sitetest.Attr(b, "data-pick")), &it); err != nil {
		t.Fatal(err)
	}
	want := item{S: "mat-ong-bac-ha", N: "Lung Cu Mint Honey", St: 4, D: "Dong Van", G: "Honey", P: "Lung Cu Cooperative",
		Ph: "0219 3856 123", T: "tel:+842193856123", C: "123/QĐ-UBND", E: "2028-03-01", Ed: "1 March 2028", U: "/en/products/mat-ong-bac-ha/"}
	it.I = ""
	if it != want {
		t.Errorf("data-pick = %+v\nwant       %+v", it, want)
	}
	// Every card has one; the expired product's page has none.
	district := sitetest.Page(t, out, "vi/districts/dong-van/index.html")
	if n := len(sitetest.Find(district, "button[class=pick]")); n != 3 {
		t.Errorf("%d shortlist buttons on a district page of 3 products", n)
	}
	if n := len(sitetest.Find(sitetest.Page(t, out, "vi/products/ruou-ngo/index.html"), "button[class=pick]")); n != 0 {
		t.Error("the expired product can be shortlisted")
	}
	// The shortlist page, in each language, and the header's link to it.
	for _, lang := range []string{"vi", "en", "zh"} {
		page := sitetest.Page(t, out, lang+"/shortlist/index.html")
		root := sitetest.First(t, page, "div[id=shortlist]")
		if sitetest.Attr(root, "data-products") != "/"+lang+"/products/" || len(strings.Split(sitetest.Attr(root, "data-columns"), "|")) != 9 {
			t.Errorf("%s shortlist page: %q, %q", lang, sitetest.Attr(root, "data-products"), sitetest.Attr(root, "data-columns"))
		}
		if len(sitetest.Find(page, "noscript")) == 0 {
			t.Errorf("%s shortlist page says nothing without JavaScript", lang)
		}
		if len(sitetest.Find(page, "a[href=/"+lang+"/shortlist/]")) == 0 {
			t.Errorf("%s: no link to the shortlist", lang)
		}
	}
}

// TestProductFeed checks each language's feed of newly certified
// products: the most recent certificate first, no expired product.
func TestProductFeed(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(sitetest.ReadFile(t, out, "en/products/feed.xml")), &feed); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range feed.Entries {
		got = append(got, e.Updated[:10]+" "+e.Title+" "+e.Link.Href)
	}
	want := []string{
		"2025-03-01 Lung Cu Mint Honey https://ocop.example.vn/en/products/mat-ong-bac-ha/",
		"2025-01-10 Buckwheat cake https://ocop.example.vn/en/products/banh-tam-giac-mach/",
		"2024-06-30 Lung Cu Shan Tuyet Tea https://ocop.example.vn/en/products/che-shan-tuyet/",
	}
	if !slices.Equal(got, want) || !strings.HasPrefix(feed.Title, "Newly certified products") {
		t.Errorf("feed %q:\n%s\nwant\n%s", feed.Title, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Pages announce it.
	doc := sitetest.Page(t, out, "en/trade/index.html")
	if len(sitetest.Find(doc, "a[href=/en/products/feed.xml]")) == 0 {
		t.Error("the trade page does not link to the feed of new products")
	}
}
