package load

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
)

const siteYAML = `title: {vi: Thử, en: Test}
baseURL: https://ocop.example.vn/
languages: [{code: vi, name: Tiếng Việt}, {code: en}]
districts:
  - {slug: dong-van, name: {vi: Đồng Văn, en: Dong Van}}
groups:
  - {key: food/tea, name: {vi: Chè, en: Tea}}
`

const viStrings = "spec.net_weight: Khối lượng\nspec.shelf_life: Hạn dùng\n"

// site returns a MapFS with site.yaml, the default language's strings and files.
func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"site.yaml":              {Data: []byte(siteYAML)},
		"templates/i18n/vi.yaml": {Data: []byte(viStrings)},
	}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func messages(diags diag.List) []string {
	var out []string
	for _, d := range diags {
		out = append(out, d.String())
	}
	return out
}

func TestLoadRecords(t *testing.T) {
	src, diags := Load(site(map[string]string{
		"content/producers/htx-lung-cu.yaml": "name: HTX Lũng Cú\nkind: cooperative\naddress: Lũng Cú\nphone: \"0912345678\"\n",
		"content/products/dong-van/Chè Shan tuyết.yaml": `name: {vi: Chè Shan tuyết, en: Shan Tuyet tea}
stars: 5
group: food/tea
producer: htx-lung-cu
certificate: {number: 2890/QĐ-BNN, issued: 2024-06-30, issuer: Bộ NN&PTNT}
specs:
  shelf_life: {vi: 24 tháng, en: 24 months}
  net_weight: 100 g
price: {min: 100000}
tags: gift
`,
		"content/stories/mua-che.en.md":       "---\ntitle: Tea season\ndate: 2025-04-18\nproducts: [che-shan-tuyet]\n---\n\nBody.\n",
		"content/stories/mua-che.md":          "---\ntitle: Mùa chè\ndate: 2025-04-18\n---\nThân bài.\n",
		"content/stories/.mua-che.vi.md.swp":  "junk",
		"content/products/dong-van/che.yaml~": "junk",
	}), nil)
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %q", messages(diags))
	}
	if len(src.Producers) != 1 || src.Producers[0].Phone != "0912345678" {
		t.Errorf("producers = %+v", src.Producers)
	}
	p := src.Products[0]
	if p.Slug != "che-shan-tuyet" || p.District.Value != "dong-van" || p.Stars != 5 {
		t.Errorf("product = %+v", p)
	}
	if want := time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC); !p.Certificate.Expires.Equal(want) {
		t.Errorf("expires = %v, want %v (issued + 36 months)", p.Certificate.Expires, want)
	}
	if !slices.Equal(p.Certificate.Issuer.Values, []string{"Bộ NN&PTNT", ""}) {
		t.Errorf("a plain string is the default language's text: %q", p.Certificate.Issuer.Values)
	}
	if len(p.Specs) != 2 || p.Specs[0].Key != "shelf_life" || !slices.Equal(p.Specs[1].Value.Values, []string{"100 g", "100 g"}) {
		t.Errorf("specs keep the file's order: %+v", p.Specs)
	}
	if p.Price.Min != 100000 || p.Price.Max != 0 || p.Price.Currency != "VND" {
		t.Errorf("price = %+v", p.Price)
	}
	if !slices.Equal(p.Tags, []string{"gift"}) {
		t.Errorf("tags = %q", p.Tags)
	}
	if len(src.Stories) != 2 {
		t.Fatalf("stories = %d, want 2 (editor backups ignored)", len(src.Stories))
	}
	en, vi := src.Stories[0], src.Stories[1]
	if en.Lang != 1 || vi.Lang != 0 || en.Slug != "mua-che" || vi.Slug != "mua-che" {
		t.Errorf("stories: en lang %d slug %q, vi lang %d slug %q", en.Lang, en.Slug, vi.Lang, vi.Slug)
	}
	if en.Body != "\nBody.\n" || en.BodyLine != 6 {
		t.Errorf("story body = %q at line %d", en.Body, en.BodyLine)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
	}{{
		name:  "misplaced records",
		files: map[string]string{"content/products/x.yaml": "name: X", "content/products/dong-van/sub/y.yaml": "name: Y", "content/product/z.yaml": "name: Z"},
		want: []string{
			`content/product: unknown folder "product" (did you mean "products"?); content/ holds products/, producers/ and stories/`,
			"content/products/dong-van/sub/y.yaml: a product record goes directly in its district's folder, such as content/products/dong-van/y.yaml",
			"content/products/x.yaml: a product record goes in its district's folder, such as content/products/dong-van/x.yaml",
		},
	}, {
		name: "names that fold to one slug",
		files: map[string]string{
			"content/producers/Hợp tác xã.yaml": "name: A\nkind: cooperative\naddress: A\n",
			"content/producers/hop-tac-xa.yaml": "name: B\nkind: cooperative\naddress: B\n",
		},
		want: []string{"content/producers/hop-tac-xa.yaml: this file's name gives the same address as content/producers/Hợp tác xã.yaml; rename one of them"},
	}, {
		name:  "a story in an unknown language",
		files: map[string]string{"content/stories/a.fr.md": "---\ntitle: A\ndate: 2025-01-01\n---\n"},
		want:  []string{`content/stories/a.fr.md: "fr" in the file name is not one of the site's languages (vi, en); name stories <slug>.<language>.md`},
	}, {
		name:  "text in an unknown language",
		files: map[string]string{"content/producers/a.yaml": "name: {vi: A, eng: A}\nkind: household\naddress: A\n"},
		want:  []string{`content/producers/a.yaml:1:15: "eng" in name is not one of the site's languages (vi, en) (did you mean "en"?)`},
	}, {
		name:  "duplicate keys",
		files: map[string]string{"content/producers/a.yaml": "name: A\nkind: household\nname: B\naddress: A\n"},
		want:  []string{`content/producers/a.yaml:3:1: "name" is given twice in a producer (first at line 1); keep only one`},
	}, {
		name:  "aliases",
		files: map[string]string{"content/producers/a.yaml": "name: &n A\nkind: household\naddress: *n\n"},
		want:  []string{`content/producers/a.yaml:3:10: YAML aliases (*n) are not supported; write the value out`},
	}, {
		name:  "not UTF-8",
		files: map[string]string{"content/producers/a.yaml": "name: Ch\xe8\nkind: household\n"},
		want:  []string{"content/producers/a.yaml:1:9: the file is not UTF-8 text (it may be saved in an older Vietnamese encoding, such as Windows-1258 or TCVN3); save it with UTF-8 encoding: in Notepad, File → Save as…, Encoding: UTF-8"},
	}, {
		name:  "two documents",
		files: map[string]string{"content/producers/a.yaml": "name: A\nkind: household\naddress: A\n---\nname: B\n"},
		want:  []string{`content/producers/a.yaml:4:1: a second YAML document starts here; a record is one document (remove the "---" line)`},
	}, {
		name:  "unknown spec",
		files: map[string]string{"content/products/dong-van/a.yaml": "name: A\nstars: 3\ngroup: food/tea\nproducer: p\ncertificate: {number: 1, issued: 2025-01-01, issuer: U}\nspecs: {net_wieght: 1 kg}\n"},
		want:  []string{`content/products/dong-van/a.yaml:6:9: unknown spec "net_wieght" (did you mean "net_weight"?); specs are net_weight, shelf_life (a site adds one with a spec.<key> string in templates/i18n)`},
	}, {
		name:  "missing image",
		files: map[string]string{"content/products/dong-van/a.yaml": "name: A\nstars: 3\ngroup: food/tea\nproducer: p\ncertificate: {number: 1, issued: 2025-01-01, issuer: U}\nimages: [a.jpg, ../../../site.yaml, {file: b.png, alt: B}]\n"},
		want: []string{
			"content/products/dong-van/a.yaml:6:10: image a.jpg does not exist (looked for content/products/dong-van/a.jpg)",
			`content/products/dong-van/a.yaml:6:17: image "../../../site.yaml" must be a file inside the site's content folder, named relative to content/products/dong-van`,
			"content/products/dong-van/a.yaml:6:44: image b.png does not exist (looked for content/products/dong-van/b.png)",
		},
	}, {
		name:  "an image that is not what its name says",
		files: map[string]string{"content/products/dong-van/a.yaml": "name: A\nstars: 3\ngroup: food/tea\nproducer: p\ncertificate: {number: 1, issued: 2025-01-01, issuer: U}\nimages: [a.jpg, b.svg]\n", "content/products/dong-van/a.jpg": "\x89PNG\r\n\x1a\nrest", "content/products/dong-van/b.svg": `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)"/>`},
		want: []string{
			"content/products/dong-van/a.yaml:6:10: image a.jpg is a PNG image, not JPEG; rename it to end in .png",
			"content/products/dong-van/a.yaml:6:17: image b.svg: the SVG has an event handler attribute (onload); pictures must not carry code",
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := Load(site(tc.files), nil)
			var errs []string
			for _, d := range diags {
				if d.Severity == diag.Error {
					errs = append(errs, d.String())
				}
			}
			if !slices.Equal(errs, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestLoadNFCWarning(t *testing.T) {
	src, diags := Load(site(map[string]string{
		"content/producers/a.yaml": "name: Che\u0300\nkind: household\naddress: A\n",
	}), nil)
	if got := messages(diags); !slices.Equal(got, []string{"content/producers/a.yaml:1:7: warning: text is not in Unicode NFC form (letters typed with combining marks); it is normalised"}) {
		t.Errorf("diagnostics = %q", got)
	}
	if name := src.Producers[0].Name.Values[0]; name != "Chè" {
		t.Errorf("name = %q, want NFC Chè", name)
	}
}

func TestSiteConfig(t *testing.T) {
	fsys := site(nil)
	fsys["site.yaml"] = &fstest.MapFile{Data: []byte(`title: T
baseURL: ftp://x
languages: [{code: vi}, {code: vi}, {code: English}]
districts:
  - {slug: Dong Van, name: Đồng Văn}
groups:
  - {key: Food/Tea, name: Chè}
  - {key: food, name: Food, colour: red}
`)}
	_, diags := Load(fsys, nil)
	want := []string{
		"site.yaml:2:10: baseURL: must be an absolute http:// or https:// address, such as https://ocop.example.vn/",
		`site.yaml:3:25: language "vi" is listed twice`,
		`site.yaml:3:37: "English" is not a language code such as vi, en or zh`,
		`site.yaml:5:12: district slug "Dong Van" must be lower-case ASCII words joined by "-", such as "dong-van"`,
		`site.yaml:7:11: group key "Food/Tea" must be lower-case ASCII words, with "/" between a group and its subgroup, such as food/tea`,
		`site.yaml:8:29: unknown key "colour" in a group; known keys: key, name, description`,
	}
	if got := messages(diags); !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, diags = Load(fstest.MapFS{}, nil)
	if got := messages(diags); !slices.Equal(got, []string{"site.yaml: there is no site.yaml: is this the site's folder?"}) {
		t.Errorf("no site.yaml: %q", got)
	}
}

func TestThemeLayers(t *testing.T) {
	builtin := fstest.MapFS{
		"templates/base.html":    {Data: []byte("builtin base")},
		"templates/home.html":    {Data: []byte("builtin home")},
		"templates/i18n/vi.yaml": {Data: []byte("a: built-in a\nb: built-in b\n")},
		"templates/i18n/en.yaml": {Data: []byte("a: built-in en a\n")},
		"static/style.css":       {Data: []byte("builtin css")},
	}
	fsys := site(map[string]string{
		"templates/home.html":    "site home",
		"templates/i18n/vi.yaml": "b: site b\nc: {one: one c, other: other c}\n",
		"static/extra.js":        "site js",
	})
	fsys["site.yaml"].Data = append(fsys["site.yaml"].Data, []byte("strings:\n  vi: {c: config c}\n")...)
	src, diags := Load(fsys, builtin)
	if len(diags) > 0 {
		t.Fatal(messages(diags))
	}
	th := src.Theme
	var names []string
	for _, tp := range th.Templates {
		names = append(names, tp.File+"="+tp.Text)
	}
	if want := []string{"(built-in) templates/base.html=builtin base", "templates/home.html=site home"}; !slices.Equal(names, want) {
		t.Errorf("templates = %q, want %q", names, want)
	}
	vi := th.Strings[0]
	if vi["a"].Other != "built-in a" || vi["b"].Other != "site b" || vi["c"].Other != "config c" || th.Strings[1]["a"].Other != "built-in en a" {
		t.Errorf("strings = %+v / %+v", vi, th.Strings[1])
	}
	var assets []string
	for _, a := range th.Assets {
		assets = append(assets, a.Name)
	}
	if !slices.Equal(assets, []string{"extra.js", "style.css"}) {
		t.Errorf("assets = %q", assets)
	}
}

func TestSplitFrontMatter(t *testing.T) {
	for _, tc := range []struct {
		in          string
		front, body string
		line        int
		ok          bool
	}{
		{"---\na: 1\n---\nbody\n", "a: 1\n", "body\n", 4, true},
		{"\ufeff---\r\na: 1\r\n---\r\nbody", "a: 1\r\n", "body", 4, true},
		{"---\n---\n", "", "", 3, true},
		{"---\na: 1\n", "", "", 0, false},
		{"no front matter", "", "no front matter", 1, false},
	} {
		front, body, line, ok := splitFrontMatter([]byte(tc.in))
		if string(front) != tc.front || string(body) != tc.body || line != tc.line || ok != tc.ok {
			t.Errorf("splitFrontMatter(%q) = %q, %q, %d, %v", tc.in, front, body, line, ok)
		}
	}
}

func TestSVGSize(t *testing.T) {
	for _, tc := range []struct {
		svg  string
		w, h int
		err  string
	}{
		{`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"/>`, 800, 600, ""},
		{`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"/>`, 400, 300, ""},
		{`<svg xmlns="http://www.w3.org/2000/svg" width="200" viewBox="0 0 400 300"/>`, 200, 150, ""},
		{`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10px" height="20px"/>`, 10, 20, ""},
		{`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>`, 0, 0, "<script>"},
		{`<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink" width="10" height="10"><image x:href="https://evil.example/a.png"/></svg>`, 0, 0, "self-contained"},
		{`<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`, 0, 0, "DOCTYPE"},
		{`<svg xmlns="http://www.w3.org/2000/svg" width="100%"/>`, 0, 0, "no usable size"},
		{`<html/>`, 0, 0, "not <svg>"},
	} {
		w, h, err := svgSize([]byte(tc.svg))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("svgSize(%q) error = %v, want %q", tc.svg, err, tc.err)
			}
			continue
		}
		if err != nil || w != tc.w || h != tc.h {
			t.Errorf("svgSize(%q) = %d, %d, %v; want %d, %d", tc.svg, w, h, err, tc.w, tc.h)
		}
	}
}
