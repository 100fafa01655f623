package build_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// baseSite is the small catalogue most tests build.
const baseSite = sitetest.Base

var buildDate = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// buildSite writes archive into a new site folder and builds it; it
// returns the output folder.
func buildSite(t *testing.T, archive string) (string, *build.Report, error) {
	t.Helper()
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Write(t, site, archive)
	out := filepath.Join(dir, "public")
	rep, err := build.Build(context.Background(), build.Options{
		SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate,
	})
	return out, rep, err
}

func mustBuild(t *testing.T, archive string) (string, *build.Report) {
	t.Helper()
	out, rep, err := buildSite(t, archive)
	if err != nil {
		t.Fatalf("build failed: %v", err)
	}
	return out, rep
}

func TestPagesInEveryLanguage(t *testing.T) {
	out, rep := mustBuild(t, baseSite)
	for _, lang := range []string{"vi", "en", "zh"} {
		for _, page := range []string{
			"", "products/mat-ong-bac-ha/", "products/che-shan-tuyet/", "products/ruou-ngo/",
			"districts/", "districts/dong-van/", "districts/meo-vac/",
			"stars/", "stars/5/", "stars/4/", "stars/3/",
			"groups/", "groups/food/", "groups/food/honey/", "groups/beverage/alcohol/",
			"producers/", "producers/htx-lung-cu/", "producers/ho-sung/",
			"stories/", "stories/mua-mat/",
		} {
			doc := sitetest.Page(t, out, lang+"/"+page+"index.html")
			if got := sitetest.Attr(sitetest.First(t, doc, "html"), "lang"); got != lang {
				t.Errorf("%s/%s: <html lang=%q>, want %q", lang, page, got, lang)
			}
			if sitetest.Text(sitetest.First(t, doc, "title")) == "" {
				t.Errorf("%s/%s: empty <title>", lang, page)
			}
			if len(sitetest.Find(doc, "h1")) != 1 {
				t.Errorf("%s/%s: %d <h1> elements, want 1", lang, page, len(sitetest.Find(doc, "h1")))
			}
		}
	}
	// The Chinese story does not exist: only vi and en have it.
	if _, err := os.Stat(filepath.Join(out, "zh/stories/che-co-thu/index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("zh/stories/che-co-thu/ exists; the story has no Chinese version")
	}
	for _, p := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "vi/feed.xml", "en/feed.xml", "zh/feed.xml"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s: %v", p, err)
		}
	}
	want := []build.LangPages{{"vi", 34}, {"en", 34}, {"zh", 33}}
	if !slices.Equal(rep.Pages, want) {
		t.Errorf("pages per language = %v, want %v", rep.Pages, want)
	}
}

func TestRootLeadsToDefaultLanguage(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	doc := sitetest.Page(t, out, "index.html")
	refresh := sitetest.First(t, doc, "meta[http-equiv=refresh]")
	if got := sitetest.Attr(refresh, "content"); got != "0; url=/vi/" {
		t.Errorf("root refresh = %q, want %q", got, "0; url=/vi/")
	}
	if got := sitetest.Attr(sitetest.First(t, doc, "link[rel=canonical]"), "href"); got != "https://ocop.example.vn/vi/" {
		t.Errorf("root canonical = %q", got)
	}
}

func TestTranslationLinks(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	doc := sitetest.Page(t, out, "en/products/mat-ong-bac-ha/index.html")
	alternates := map[string]string{}
	for _, l := range sitetest.Find(doc, "head link[rel=alternate][hreflang]") {
		alternates[sitetest.Attr(l, "hreflang")] = sitetest.Attr(l, "href")
	}
	want := map[string]string{
		"vi":        "https://ocop.example.vn/vi/products/mat-ong-bac-ha/",
		"en":        "https://ocop.example.vn/en/products/mat-ong-bac-ha/",
		"zh":        "https://ocop.example.vn/zh/products/mat-ong-bac-ha/",
		"x-default": "https://ocop.example.vn/vi/products/mat-ong-bac-ha/",
	}
	for k, v := range want {
		if alternates[k] != v {
			t.Errorf("hreflang %s = %q, want %q", k, alternates[k], v)
		}
	}
	if got := sitetest.Attr(sitetest.First(t, doc, "link[rel=canonical]"), "href"); got != want["en"] {
		t.Errorf("canonical = %q, want %q", got, want["en"])
	}
	// The language switcher leads to the same page in each language.
	var switcher []string
	for _, a := range sitetest.Find(doc, "nav[class=langs] a") {
		switcher = append(switcher, sitetest.Attr(a, "href"))
	}
	wantSwitch := []string{"/vi/products/mat-ong-bac-ha/", "/en/products/mat-ong-bac-ha/", "/zh/products/mat-ong-bac-ha/"}
	if !slices.Equal(switcher, wantSwitch) {
		t.Errorf("language switcher = %q, want %q", switcher, wantSwitch)
	}
	// A story without a Chinese version links only to vi and en.
	story := sitetest.Page(t, out, "en/stories/che-co-thu/index.html")
	var langs []string
	for _, l := range sitetest.Find(story, "head link[rel=alternate][hreflang]") {
		langs = append(langs, sitetest.Attr(l, "hreflang"))
	}
	if !slices.Equal(langs, []string{"vi", "en", "x-default"}) {
		t.Errorf("story hreflang = %q, want vi, en, x-default", langs)
	}
	// And it is listed only where it exists.
	zh := sitetest.Page(t, out, "zh/stories/index.html")
	for _, a := range sitetest.Find(zh, "main a") {
		if strings.Contains(sitetest.Attr(a, "href"), "che-co-thu") {
			t.Errorf("zh stories index links to the untranslated story")
		}
	}
}

func TestFallbackIsMarked(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	doc := sitetest.Page(t, out, "zh/products/che-shan-tuyet/index.html")
	// The summary has no Chinese: the Vietnamese text shows, marked.
	summary := sitetest.First(t, doc, "p[class=summary]")
	span := sitetest.First(t, summary, "span[lang=vi]")
	if got := sitetest.Text(span); got != "Chè cổ thụ." {
		t.Errorf("fallback summary = %q", got)
	}
	if note := sitetest.Text(sitetest.First(t, summary, "small[class=untranslated]")); note != "（越南语）" {
		t.Errorf("fallback note = %q", note)
	}
	// The Chinese name exists: not marked.
	if h1 := sitetest.First(t, doc, "h1"); len(sitetest.Find(h1, "span[lang]")) != 0 {
		t.Errorf("translated name is marked as a fallback: %s", sitetest.Text(h1))
	}
	// A whole description falls back with a note in the page's language.
	honey := sitetest.Page(t, out, "zh/products/mat-ong-bac-ha/index.html")
	block := sitetest.First(t, honey, "div[class=untranslated-block]")
	if got := sitetest.Attr(sitetest.First(t, block, "div[lang]"), "lang"); got != "vi" {
		t.Errorf("fallback description lang = %q, want vi", got)
	}
	if !strings.Contains(sitetest.Text(block), "此内容尚未翻译成中文") || !strings.Contains(sitetest.Text(block), "bạc hà") {
		t.Errorf("fallback description = %q", sitetest.Text(block))
	}
	// The producer's name has no Chinese either.
	producer := sitetest.Page(t, out, "zh/producers/ho-sung/index.html")
	if got := sitetest.Attr(sitetest.First(t, producer, "h1 span"), "lang"); got != "vi" {
		t.Errorf("producer name fallback lang = %q", got)
	}
}

func TestGroupingsAndOrder(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	// A district lists its products by stars, 5 first, and leaves out the
	// product whose certificate expired.
	doc := sitetest.Page(t, out, "vi/districts/dong-van/index.html")
	var sections []string
	for _, h := range sitetest.Find(doc, "main section h2") {
		sections = append(sections, sitetest.Attr(h, "id"))
	}
	if want := []string{"stars-5", "stars-4", "stars-3"}; !slices.Equal(sections, want) {
		t.Errorf("district sections = %q, want %q", sections, want)
	}
	names := sitetest.Texts(sitetest.Find(doc, "main span[class=card-title]"))
	if want := []string{"Chè Shan tuyết Lũng Cú", "Mật ong bạc hà Lũng Cú", "Bánh tam giác mạch"}; !slices.Equal(names, want) {
		t.Errorf("district products = %q, want %q", names, want)
	}
	// A star level lists its products by district in site.yaml's order.
	three := sitetest.Page(t, out, "en/stars/3/index.html")
	if got := sitetest.Texts(sitetest.Find(three, "main section h2")); !slices.Equal(got, []string{"Dong Van"}) {
		t.Errorf("3-star sections = %q, want only Dong Van (Meo Vac's liquor expired)", got)
	}
	// A parent group lists its subgroups' products.
	food := sitetest.Page(t, out, "en/groups/food/index.html")
	if got := len(sitetest.Find(food, "main li[class=card]")); got != 3 {
		t.Errorf("food group has %d cards, want 3", got)
	}
	// Related products: the same district, the same group first.
	tea := sitetest.Page(t, out, "vi/products/mat-ong-bac-ha/index.html")
	related := sitetest.First(t, tea, "section[aria-labelledby=related]")
	if got := sitetest.Texts(sitetest.Find(related, "ul[class=related] a")); !slices.Equal(got, []string{"Chè Shan tuyết Lũng Cú", "Bánh tam giác mạch"}) {
		t.Errorf("related = %q", got)
	}
	// The home page's overview counts current products per district and star level.
	home := sitetest.Page(t, out, "vi/index.html")
	rows := sitetest.Find(home, "table tbody tr")
	if len(rows) != 2 {
		t.Fatalf("overview has %d rows, want 2", len(rows))
	}
	for i, want := range [][]string{{"Đồng Văn", "1", "1", "1", "3"}, {"Mèo Vạc", "–", "–", "–", "0"}} {
		cells := sitetest.Texts(append(sitetest.Find(rows[i], "th"), sitetest.Find(rows[i], "td")...))
		if !slices.Equal(cells, want) {
			t.Errorf("overview row %d = %q, want %q", i, cells, want)
		}
	}
}

func TestVietnameseOrder(t *testing.T) {
	// Names sort in Vietnamese alphabetical order: a ă â … d đ …
	site := baseSite + `
-- content/products/meo-vac/an-a.yaml --
name: Ăn a
stars: 3
group: food
producer: ho-sung
certificate: {number: 1/QĐ, issued: 2025-01-01, issuer: UBND}
-- content/products/meo-vac/dau.yaml --
name: Đậu
stars: 3
group: food
producer: ho-sung
certificate: {number: 1/QĐ, issued: 2025-01-01, issuer: UBND}
-- content/products/meo-vac/dua.yaml --
name: Dưa
stars: 3
group: food
producer: ho-sung
certificate: {number: 1/QĐ, issued: 2025-01-01, issuer: UBND}
-- content/products/meo-vac/an-b.yaml --
name: An b
stars: 3
group: food
producer: ho-sung
certificate: {number: 1/QĐ, issued: 2025-01-01, issuer: UBND}
`
	out, _ := mustBuild(t, site)
	doc := sitetest.Page(t, out, "vi/districts/meo-vac/index.html")
	got := sitetest.Texts(sitetest.Find(doc, "main span[class=card-title]"))
	if want := []string{"An b", "Ăn a", "Dưa", "Đậu"}; !slices.Equal(got, want) {
		t.Errorf("order = %q, want %q", got, want)
	}
}

func TestExpiredCertificates(t *testing.T) {
	out, rep := mustBuild(t, baseSite)
	// The build warns.
	var warnings []string
	for _, d := range rep.Diagnostics {
		warnings = append(warnings, d.String())
	}
	want := "content/products/meo-vac/ruou-ngo.yaml:5:14: warning: certificate 77/QĐ-UBND was valid until 2023-05-04; the product is left out of the catalogue"
	if !slices.Equal(warnings, []string{want}) {
		t.Errorf("diagnostics = %q, want %q", warnings, want)
	}
	// Not in listings.
	for _, p := range []string{"vi/districts/meo-vac/index.html", "vi/stars/3/index.html", "vi/groups/beverage/alcohol/index.html", "vi/producers/index.html"} {
		if strings.Contains(sitetest.ReadFile(t, out, p), "ruou-ngo") {
			t.Errorf("%s links to the expired product", p)
		}
	}
	// Not in the sitemap.
	if strings.Contains(sitetest.ReadFile(t, out, "sitemap.xml"), "ruou-ngo") {
		t.Error("the sitemap lists the expired product")
	}
	// Its page stays, for old links and QR codes, says so, and is not indexed.
	doc := sitetest.Page(t, out, "vi/products/ruou-ngo/index.html")
	if got := sitetest.Attr(sitetest.First(t, doc, "meta[name=robots]"), "content"); got != "noindex" {
		t.Errorf("robots = %q, want noindex", got)
	}
	if got := sitetest.Text(sitetest.First(t, doc, "p[class=expired]")); !strings.Contains(got, "04/05/2023") {
		t.Errorf("expired notice = %q", got)
	}
	if len(sitetest.Find(doc, "span[class~=stars]")) != 0 {
		t.Error("the expired product still shows its stars")
	}
	// Built as of its last day, it is current, and the certificates issued
	// later are not yet.
	dir := t.TempDir()
	sitetest.Write(t, filepath.Join(dir, "site"), baseSite)
	rep2, err := build.Build(context.Background(), build.Options{
		SiteDir: filepath.Join(dir, "site"), Theme: ocop.Theme(), Out: filepath.Join(dir, "public"),
		Now: time.Date(2023, 5, 4, 0, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	if rep2.Catalogue.Current != 1 {
		t.Errorf("built as of 2023-05-04: %d current products, want 1", rep2.Catalogue.Current)
	}
	var notYet int
	for _, d := range rep2.Diagnostics {
		if d.Code == "not-yet-valid" {
			notYet++
		}
	}
	if notYet != 3 {
		t.Errorf("built as of 2023-05-04: %d not-yet-valid warnings, want 3: %v", notYet, rep2.Diagnostics)
	}
	old := filepath.Join(dir, "public")
	if !strings.Contains(sitetest.ReadFile(t, old, "vi/districts/meo-vac/index.html"), "/vi/products/ruou-ngo/") {
		t.Error("as of 2023-05-04 the liquor is current, but its district does not list it")
	}
}

func TestSitemap(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	sm := sitetest.ParseSitemap(t, []byte(sitetest.ReadFile(t, out, "sitemap.xml")))
	locs := map[string]int{}
	for i, u := range sm.URLs {
		locs[u.Loc] = i
	}
	const base = "https://ocop.example.vn/"
	for _, want := range []string{"vi/", "en/", "zh/", "vi/products/mat-ong-bac-ha/", "zh/districts/dong-van/", "en/stories/che-co-thu/"} {
		if _, ok := locs[base+want]; !ok {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	// Which pages translate which is said once, in each page's head: the
	// sitemap has addresses only.
	for _, u := range sm.URLs {
		if len(u.Links) > 0 {
			t.Errorf("%s: alternates in the sitemap: %v", u.Loc, u.Links)
		}
	}
	var links []string
	for _, l := range sitetest.Find(sitetest.Page(t, out, "en/products/mat-ong-bac-ha/index.html"), "head link[rel=alternate][hreflang]") {
		links = append(links, sitetest.Attr(l, "hreflang")+" "+sitetest.Attr(l, "href"))
	}
	want := []string{
		"vi " + base + "vi/products/mat-ong-bac-ha/",
		"en " + base + "en/products/mat-ong-bac-ha/",
		"zh " + base + "zh/products/mat-ong-bac-ha/",
		"x-default " + base + "vi/products/mat-ong-bac-ha/",
	}
	if !slices.Equal(links, want) {
		t.Errorf("the page's alternates = %q, want %q", links, want)
	}
	if _, ok := locs[base+"zh/stories/che-co-thu/"]; ok {
		t.Error("the sitemap lists a story that has no Chinese version")
	}
	robots := sitetest.ReadFile(t, out, "robots.txt")
	if !strings.Contains(robots, "Sitemap: "+base+"sitemap.xml") {
		t.Errorf("robots.txt = %q", robots)
	}
}

func TestProductJSONLD(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	doc := sitetest.Page(t, out, "en/products/mat-ong-bac-ha/index.html")
	script := sitetest.First(t, doc, "script[type=application/ld+json]")
	var product map[string]any
	if err := json.Unmarshal([]byte(script.FirstChild.Data), &product); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, script.FirstChild.Data)
	}
	if product["@context"] != "https://schema.org" || product["@type"] != "Product" || product["name"] != "Lung Cu Mint Honey" ||
		product["url"] != "https://ocop.example.vn/en/products/mat-ong-bac-ha/" {
		t.Errorf("product = %v", product)
	}
	if _, ok := product["aggregateRating"]; ok {
		t.Error("the OCOP rating must not be an aggregateRating")
	}
	cert, _ := product["hasCertification"].(map[string]any)
	rating, _ := cert["certificationRating"].(map[string]any)
	if cert["@type"] != "Certification" || cert["certificationIdentification"] != "123/QĐ-UBND" ||
		rating["ratingValue"] != 4.0 || cert["validFrom"] != "2025-03-01" || cert["expires"] != "2028-03-01" {
		t.Errorf("hasCertification = %v", cert)
	}
	issuer, _ := cert["issuedBy"].(map[string]any)
	if issuer["name"] != "UBND tỉnh Hà Giang" {
		t.Errorf("issuedBy = %v", issuer)
	}
	offers, _ := product["offers"].(map[string]any)
	if offers["lowPrice"] != 250000.0 || offers["priceCurrency"] != "VND" {
		t.Errorf("offers = %v", offers)
	}
}

func TestProductPage(t *testing.T) {
	out, _ := mustBuild(t, baseSite)
	doc := sitetest.Page(t, out, "vi/products/mat-ong-bac-ha/index.html")
	// The producer is reachable by phone and Zalo.
	tel := sitetest.Find(doc, "a[href=tel:+842193856123]")
	if len(tel) == 0 {
		t.Errorf("no tel:+842193856123 link")
	}
	if len(sitetest.Find(doc, "a[href=https://zalo.me/0912345678]")) == 0 {
		t.Errorf("no Zalo link")
	}
	// The price in Vietnamese format.
	if got := sitetest.Text(sitetest.First(t, doc, "dd[class=price]")); got != "250.000–300.000 ₫ / chai" {
		t.Errorf("price = %q", got)
	}
	// Certificate dates.
	cert := sitetest.Text(sitetest.First(t, doc, "section[class=certificate]"))
	if !strings.Contains(cert, "01/03/2025") || !strings.Contains(cert, "01/03/2028") || !strings.Contains(cert, "123/QĐ-UBND") {
		t.Errorf("certificate = %q", cert)
	}
	// The photo has its size and a content-hashed address.
	img := sitetest.First(t, doc, "div[class=gallery] img")
	if sitetest.Attr(img, "width") != "80" || sitetest.Attr(img, "height") != "60" || !strings.HasPrefix(sitetest.Attr(img, "src"), "/media/honey.") {
		t.Errorf("photo = %v", img.Attr)
	}
	if _, err := os.Stat(filepath.Join(out, strings.TrimPrefix(sitetest.Attr(img, "src"), "/"))); err != nil {
		t.Errorf("photo file: %v", err)
	}
	// Markdown descriptions are rendered, headings below the page's sections.
	if got := sitetest.Text(sitetest.First(t, doc, "section[class=description] h3")); got != "Hương vị" {
		t.Errorf("description heading = %q", got)
	}
	// Stories that mention it.
	if len(sitetest.Find(doc, "a[href=/vi/stories/mua-mat/]")) == 0 {
		t.Error("no link to the story that mentions the product")
	}
	// Sharing previews cannot show an SVG photo: the site's image instead.
	og := sitetest.Attr(sitetest.First(t, doc, "meta[property=og:image]"), "content")
	if !strings.HasPrefix(og, "https://ocop.example.vn/assets/og.") || !strings.HasSuffix(og, ".png") {
		t.Errorf("og:image = %q", og)
	}
	// The stylesheet has a content hash in its name.
	css := sitetest.Attr(sitetest.First(t, doc, "link[rel=stylesheet]"), "href")
	if !strings.HasPrefix(css, "/assets/style.") || len(css) != len("/assets/style.0123456789.css") {
		t.Errorf("stylesheet = %q", css)
	}
}

func TestBaseURLPath(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, filepath.Join(dir, "site"), baseSite)
	out := filepath.Join(dir, "public")
	_, err := build.Build(context.Background(), build.Options{
		SiteDir: filepath.Join(dir, "site"), Theme: ocop.Theme(), Out: out, Now: buildDate,
		BaseURL: "https://example.org/ocop",
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := sitetest.Page(t, out, "vi/index.html")
	if got := sitetest.Attr(sitetest.First(t, doc, "link[rel=canonical]"), "href"); got != "https://example.org/ocop/vi/" {
		t.Errorf("canonical = %q", got)
	}
	if got := sitetest.Attr(sitetest.First(t, doc, "a[class=brand]"), "href"); got != "/ocop/vi/" {
		t.Errorf("home link = %q", got)
	}
}

// errorsOf builds archive, expecting it to fail, and returns the errors.
func errorsOf(t *testing.T, archive string) []string {
	t.Helper()
	_, rep, err := buildSite(t, archive)
	var list *diag.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("build error = %v, want content errors", err)
	}
	return errorLines(rep.Diagnostics)
}

// errorLines are the errors of diags, as ocop prints them.
func errorLines(diags diag.List) []string {
	var lines []string
	for _, d := range diags {
		if d.Severity == diag.Error {
			lines = append(lines, d.String())
		}
	}
	return lines
}

func TestErrorPositions(t *testing.T) {
	for _, tc := range []struct {
		name, files string
		want        []string
	}{{
		name: "broken YAML",
		files: `
-- content/products/dong-van/bad.yaml --
name: Chè
stars: [4
group: food
`,
		want: []string{`content/products/dong-van/bad.yaml:3:6: YAML syntax: did not find expected ',' or ']' (a list opened with [ and not closed with ]? a text with a comma in it? put the text in quotes) (while parsing a flow sequence at line 2, column 8)`},
	}, {
		name:  "tab indentation",
		files: "\n-- content/producers/tab.yaml --\nname: A\n\tkind: household\n",
		want:  []string{`content/producers/tab.yaml:2:1: YAML syntax: found a tab character that violates indentation (a tab? YAML indents with spaces only: replace the tab with spaces) (while scanning a plain scalar at line 1, column 7)`},
	}, {
		name: "unknown keys",
		files: `
-- content/products/dong-van/typo.yaml --
name: Chè
stars: 4
gruop: food/tea
producer: htx-lung-cu
certificate: {number: 1/QĐ, issued: 2025-01-01, issuer: UBND, expiry: 2026-01-01}
`,
		want: []string{
			`content/products/dong-van/typo.yaml:1:1: a product has no "group"; it is required`,
			`content/products/dong-van/typo.yaml:3:1: unknown key "gruop" in a product (did you mean "group"?)`,
			`content/products/dong-van/typo.yaml:5:63: unknown key "expiry" in certificate (did you mean "expires"?)`,
		},
	}, {
		name: "bad references",
		files: `
-- content/products/dong-vann/x.yaml --
name: X
stars: 3
group: food/teas
producer: htx-lung-cuu
certificate: {number: 1/QĐ, issued: 2025-01-01, issuer: UBND}
-- content/stories/s.vi.md --
---
title: S
date: 2025-01-01
products: [mat-ong-bac-ha, nope]
---
Body.
`,
		want: []string{
			`content/products/dong-vann/x.yaml: the folder "dong-vann" is not a district in site.yaml (did you mean "dong-van"?); districts are dong-van, meo-vac`,
			`content/products/dong-vann/x.yaml:3:8: unknown group "food/teas" (did you mean "food/tea"?); groups are food, food/honey, food/tea, beverage/alcohol`,
			`content/products/dong-vann/x.yaml:4:11: unknown producer "htx-lung-cuu" (did you mean "htx-lung-cu"?); a producer is a file content/producers/<slug>.yaml`,
			`content/stories/s.vi.md:4:28: unknown product "nope"; a product is a file content/products/<district>/<slug>.yaml`,
		},
	}, {
		name: "types and ranges",
		files: `
-- content/products/dong-van/y.yaml --
name: Y
stars: 2
group: food
producer: htx-lung-cu
certificate: {number: 1/QĐ, issued: 2025-02-30, issuer: UBND}
price: {min: 500, max: 100}
-- content/producers/z.yaml --
name: Z
kind: farm
address: Somewhere
phone: "12"
email: not-an-email
`,
		want: []string{
			`content/producers/z.yaml:2:7: unknown producer kind "farm"; kinds are enterprise, cooperative, cooperative-group, household`,
			`content/producers/z.yaml:4:8: phone "12" has 2 digits; a phone number has 8 to 15`,
			`content/producers/z.yaml:5:8: email "not-an-email" is not an address such as lienhe@example.vn`,
			`content/products/dong-van/y.yaml:2:8: stars must be 3, 4 or 5, not 2 (a product under 3 stars is not an OCOP product)`,
			`content/products/dong-van/y.yaml:5:37: issued: "2025-02-30" is not a real date`,
			`content/products/dong-van/y.yaml:6:24: price max (100) is less than min (500)`,
		},
	}, {
		name: "story without front matter end",
		files: `
-- content/stories/open.vi.md --
---
title: Open
date: 2025-01-01
`,
		want: []string{`content/stories/open.vi.md:1:1: the front matter that starts here has no closing "---" line`},
	}, {
		name: "story front matter positions",
		files: `
-- content/stories/pos.en.md --
---
title: P
date: 2025-13-01
---
Body.
`,
		want: []string{`content/stories/pos.en.md:3:7: date: "2025-13-01" is not a real date`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := errorsOf(t, baseSite+tc.files)
			if !slices.Equal(got, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestFailedBuildKeepsOldOutput(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	out := filepath.Join(dir, "public")
	sitetest.Write(t, site, baseSite)
	opt := build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate}
	if _, err := build.Build(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	sitetest.Write(t, site, "-- content/products/dong-van/broken.yaml --\nname: [\n")
	if _, err := build.Build(context.Background(), opt); err == nil {
		t.Fatal("the broken build succeeded")
	}
	if after := snapshot(t, out); !maps(before, after) {
		t.Error("the failed build changed the output")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"public", "site"}) {
		t.Errorf("folder holds %q; temporary folders were left behind", names)
	}
}

func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Write(t, site, baseSite)
	var snaps []map[string]string
	for _, out := range []string{"a", "b"} {
		if _, err := build.Build(context.Background(), build.Options{
			SiteDir: site, Theme: ocop.Theme(), Out: filepath.Join(dir, out), Now: buildDate,
		}); err != nil {
			t.Fatal(err)
		}
		snaps = append(snaps, snapshot(t, filepath.Join(dir, out)))
	}
	if !maps(snaps[0], snaps[1]) {
		for name, data := range snaps[0] {
			if snaps[1][name] != data {
				t.Errorf("%s differs between two builds", name)
			}
		}
		t.Error("two builds of the same site differ")
	}
	if len(snaps[0]) < 70 {
		t.Errorf("only %d files", len(snaps[0]))
	}
}

func TestRefusesDangerousOutput(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Write(t, site, baseSite)
	stranger := filepath.Join(dir, "documents")
	sitetest.Write(t, stranger, "-- letter.txt --\nkeep me\n")
	for _, tc := range []struct{ out, want string }{
		{"/", "the root of the file system"},
		{site, "the site's own folder"},
		{dir, "contains the site's sources"},
		{filepath.Join(site, "content", "public"), "inside the site's content"},
		{stranger, "not empty and was not written by ocop"},
	} {
		_, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: tc.out, Now: buildDate})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("out %s: error %v, want %q", tc.out, err, tc.want)
		}
	}
	if got := sitetest.ReadFile(t, stranger, "letter.txt"); got != "keep me\n" {
		t.Errorf("letter.txt = %q", got)
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal([]byte(v), []byte(w)) {
			return false
		}
	}
	return true
}

func writeRaw(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRebuildKeepsWhatDidNotChange(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	sitetest.Write(t, site, baseSite)
	out := filepath.Join(dir, "public")
	opt := build.Options{SiteDir: site, Theme: ocop.Theme(), Out: out, Now: buildDate, CacheDir: filepath.Join(dir, "cache")}
	rep, err := build.Build(context.Background(), opt)
	if err != nil || rep.Unchanged || rep.Kept != 0 {
		t.Fatalf("first build: %v, unchanged %v, kept %d", err, rep.Unchanged, rep.Kept)
	}
	first := inodes(t, out)

	// Nothing changed: nothing is done, and the output is untouched.
	rep, err = build.Build(context.Background(), opt)
	if err != nil || !rep.Unchanged {
		t.Fatalf("second build: %v, unchanged %v", err, rep.Unchanged)
	}
	if len(rep.Diagnostics) != 1 || rep.Pages[0].Pages != 34 {
		t.Errorf("the unchanged build does not repeat the report: %v %v", rep.Diagnostics, rep.Pages)
	}
	if !maps(first, inodes(t, out)) {
		t.Error("a build with nothing changed touched the output")
	}

	// One product changed: its pages and the pages that show it are
	// written; every other file keeps its bytes and its times.
	honey := filepath.Join(site, "content/products/dong-van/mat-ong-bac-ha.yaml")
	data, _ := os.ReadFile(honey)
	os.WriteFile(honey, bytes.Replace(data, []byte("en: Lung Cu Mint Honey"), []byte("en: Lung Cu Spring Honey"), 1), 0o644)
	rep, err = build.Build(context.Background(), opt)
	if err != nil || rep.Unchanged {
		t.Fatalf("third build: %v, unchanged %v", err, rep.Unchanged)
	}
	now := inodes(t, out)
	var rewritten []string
	for p, id := range now {
		if first[p] != id && p != ".ocop-output" {
			rewritten = append(rewritten, p)
		}
	}
	slices.Sort(rewritten)
	want := []string{
		"data/products.csv", "data/products.json",
		"en/districts/dong-van/index.html", "en/groups/food/honey/index.html", "en/groups/food/index.html", "en/index.html",
		"en/labels/districts/dong-van/index.html", "en/print/districts/dong-van/index.html", "en/print/index.html", "en/print/stars/4/index.html",
		"en/producers/htx-lung-cu/index.html", "en/products/banh-tam-giac-mach/index.html", "en/products/che-shan-tuyet/index.html", "en/products/feed.xml",
		"en/products/mat-ong-bac-ha/index.html", "en/search/d/0.json", "en/search/manifest.json", "en/search/t/0.json", "en/stars/4/index.html", "en/stories/mua-mat/index.html",
	}
	if !slices.Equal(rewritten, want) {
		t.Errorf("rewritten:\n%s\nwant:\n%s", strings.Join(rewritten, "\n"), strings.Join(want, "\n"))
	}
	if rep.Kept != rep.Files-len(want) {
		t.Errorf("kept %d of %d files", rep.Kept, rep.Files)
	}

	// And the output is the same as a fresh build's, byte for byte.
	fresh := filepath.Join(dir, "fresh")
	if _, err := build.Build(context.Background(), build.Options{SiteDir: site, Theme: ocop.Theme(), Out: fresh, Now: buildDate}); err != nil {
		t.Fatal(err)
	}
	a, b := snapshot(t, out), snapshot(t, fresh)
	delete(a, ".ocop-output")
	delete(b, ".ocop-output")
	if !maps(a, b) {
		for p := range a {
			if a[p] != b[p] {
				t.Errorf("%s differs from a fresh build", p)
			}
		}
	}

	// Another address: nothing can be reused.
	opt.BaseURL = "https://example.org/"
	if rep, err = build.Build(context.Background(), opt); err != nil || rep.Kept > 1 {
		t.Errorf("another address: %v, kept %d", err, rep.Kept)
	}
	// A damaged cache is ignored.
	entries, _ := os.ReadDir(opt.CacheDir)
	for _, e := range entries {
		os.WriteFile(filepath.Join(opt.CacheDir, e.Name()), []byte("garbage"), 0o644)
	}
	if rep, err = build.Build(context.Background(), opt); err != nil || rep.Unchanged || rep.Kept != 0 {
		t.Errorf("damaged cache: %v, unchanged %v, kept %d", err, rep.Unchanged, rep.Kept)
	}
}
