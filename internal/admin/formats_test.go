package admin_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/hagiang-ocop/ocop/internal/admin"
	"github.com/hagiang-ocop/ocop/internal/browsertest"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
)

// repoSite is the repository's own site, as the CMS sees it.
func repoSite(t *testing.T) (*admin.Site, *load.Config) {
	t.Helper()
	cfg, diags := load.ReadConfig(os.DirFS("../.."))
	if cfg == nil {
		t.Fatal(diags)
	}
	s := &admin.Site{Title: cfg.Title.Values[0], BaseURL: cfg.BaseURL, BasePath: "/"}
	for _, l := range cfg.Languages {
		s.Languages = append(s.Languages, admin.Language{Code: l.Code, Name: l.Name})
	}
	for _, d := range cfg.Districts {
		s.Districts = append(s.Districts, admin.Choice{Value: d.Slug, Label: d.Name.Values[0]})
	}
	for _, g := range cfg.Groups {
		s.Groups = append(s.Groups, admin.Choice{Value: g.Key, Label: g.Name.Values[0]})
	}
	return s, cfg
}

// stub stands for Decap CMS: it keeps the formats ocop-cms.js registers.
const stub = `window.CMS = {
	formats: {},
	registerCustomFormat(name, ext, f) { this.formats[name] = f; },
	getLocale() { return {}; },
	registerLocale() {},
	init() {},
};`

// formats serves /admin/'s scripts with a stand-in for Decap, in
// Chromium, and returns a function that runs a format's fromFile then
// toFile on a file's text.
func formats(t *testing.T, s *admin.Site) func(format, text string) string {
	t.Helper()
	files, err := admin.Files(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	var yamlJS string
	for _, f := range files {
		data := f.Data
		mux.HandleFunc("/"+f.Path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(data)
		})
		if strings.HasSuffix(f.Path, "js-yaml.umd.min.js") {
			yamlJS = "/" + f.Path
		}
	}
	mux.HandleFunc("/admin/stub.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, stub)
	})
	mux.HandleFunc("/admin/test.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!DOCTYPE html><title>t</title><script src="site.js"></script><script src="%s"></script><script src="stub.js"></script><script src="ocop-cms.js"></script>`, yamlJS)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	ctx := browsertest.Start(t, browsertest.Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/admin/test.html")); err != nil {
		t.Fatal(err)
	}
	// Served by neither ocop serve nor a site with cms, the page says so.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!document.querySelector("[role=alert]") && document.querySelector("[role=alert]").textContent.includes("chưa lưu được")`)); err != nil {
		t.Errorf("the page does not say that it cannot save: %v", err)
	}
	return func(format, text string) string {
		t.Helper()
		js := fmt.Sprintf(`(() => { const f = CMS.formats[%q]; return f.toFile(f.fromFile(%s)); })()`, format, jsString(text))
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		return out
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// formatOf is the format of the CMS's collection that holds the record
// at p.
func formatOf(p string) string {
	switch {
	case strings.HasPrefix(p, "content/products/"):
		return "ocop-product"
	case strings.HasPrefix(p, "content/producers/"):
		return "ocop-producer"
	}
	return "ocop-story"
}

// TestFormatsRoundTrip checks that whatever ocop check accepts, the CMS
// can open and save without losing anything: every record of the sample
// catalogue, and records written in each of ocop's shorthands, read into
// the form's data and written back by ocop-cms.js, decode to the same
// record (every declared field's value the same), with no new problem;
// and saving again changes nothing.
func TestFormatsRoundTrip(t *testing.T) {
	s, cfg := repoSite(t)
	run := formats(t, s)
	records := map[string]string{}
	site := os.DirFS("../..")
	fs.WalkDir(site, "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (path.Ext(p) == ".yaml" && !strings.HasSuffix(p, "places.yaml") || path.Ext(p) == ".md") {
			data, err := fs.ReadFile(site, p)
			if err != nil {
				t.Fatal(err)
			}
			records[p] = string(data)
		}
		return nil
	})
	if len(records) < 50 {
		t.Fatalf("found %d records in content/", len(records))
	}
	for name, text := range shorthands {
		records[name] = text
	}
	kinds := load.Declarations()
	for p, text := range records {
		before, bdiags := load.CheckRecord(cfg, p, []byte(text))
		if bdiags.HasErrors() {
			if strings.HasPrefix(p, "content/shorthand") || !strings.Contains(p, "/") {
				t.Errorf("%s: the test's record has errors: %v", p, bdiags)
			}
			continue
		}
		out := run(formatOf(p), text)
		after, adiags := load.CheckRecord(cfg, p, []byte(out))
		if adiags.HasErrors() {
			t.Errorf("%s: saved by the CMS, it has errors: %v\n%s", p, adiags, out)
			continue
		}
		if nb, na := len(bdiags), len(adiags); na > nb {
			t.Errorf("%s: saved by the CMS, it has %d warnings, %d before: %v\n%s", p, na, nb, adiags, out)
		}
		kind := kinds.Product
		switch formatOf(p) {
		case "ocop-producer":
			kind = kinds.Producer
		case "ocop-story":
			kind = kinds.Story
		}
		for _, f := range kind.Fields {
			if a, b := f.Value(before), f.Value(after); !same(reflect.ValueOf(a), reflect.ValueOf(b)) {
				t.Errorf("%s: %s was %#v, is %#v once saved by the CMS:\n%s", p, f.Key, a, b, out)
			}
		}
		if st, ok := before.(*load.Story); ok && st.Body != after.(*load.Story).Body {
			t.Errorf("%s: the text changed once saved by the CMS:\n%q\n%q", p, st.Body, after.(*load.Story).Body)
		}
		if again := run(formatOf(p), out); again != out {
			t.Errorf("%s: saved twice, it changes again:\n%s\n----\n%s", p, out, again)
		}
	}
}

// shorthands are records in every form ocop accepts, beside the sample
// catalogue's.
var shorthands = map[string]string{
	"content/products/dong-van/viet-tat.yaml": `name: Chè Shan tuyết
stars: 5
group: food/tea
producer: htx-che-bien-che-phin-ho
commune: ""
summary:
certificate: {number: "0912/QĐ", issued: 2025-09-21, issuer: UBND tỉnh Tuyên Quang, expires: 2028-01-01}
description: "- một\n- hai\n\n1. ba\n"
images: [a.jpg, {file: b.jpg}, {file: c.jpg, alt: Ảnh C}, {file: d.jpg, alt: {vi: D, en: D in English}}]
specs: {net_weight: 100 g, packaging: {vi: Hộp giấy}, storage: {vi: Nơi khô, en: Dry place}}
price: {min: 0, max: 10, currency: USD, unit: hộp}
tags: [gift, "yes", "123", "no"]
`,
	"content/producers/so-dien-thoai.yaml": `name: {vi: Hộ Giàng A Páo, zh: 王}
kind: household
address: Thôn Lũng Cẩm
phone: "0912345678"
zalo: "+84 912 345 678"
email: a@b.vn
website: https://b.vn/
representative: "true"
description: |
  Dòng một.

  > trích dẫn
  * sao
`,
	"content/stories/thu-nghiem.en.md": "---\ntitle: \"A: title\"\ndate: 2025-01-02\nproducts: [ot-gio-dong-van]\nimage: {file: images/hoi-cho.svg, alt: A fair}\ndraft: true\n---\n\nText with a list:\n\n- one\n- two\n",
}

var (
	posType  = reflect.TypeFor[diag.Pos]()
	textType = reflect.TypeFor[load.Text]()
)

// values returns a text's values, none when all are empty.
func values(t load.Text) []string {
	for _, v := range t.Values {
		if v != "" {
			return t.Values
		}
	}
	return nil
}

// same reports whether a and b hold the same values, whatever their
// positions in their files.
func same(a, b reflect.Value) bool {
	if a.IsValid() != b.IsValid() {
		return false
	}
	if !a.IsValid() {
		return true
	}
	if a.Type() != b.Type() {
		return false
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return same(a.Elem(), b.Elem())
	case reflect.Struct:
		if a.Type() == posType {
			return true
		}
		if a.Type() == textType {
			// A text with no value in any language is no text.
			return slices.Equal(values(a.Interface().(load.Text)), values(b.Interface().(load.Text)))
		}
		for i := range a.NumField() {
			if !a.Type().Field(i).IsExported() {
				continue
			}
			if !same(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !same(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Map:
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	return a.Interface() == b.Interface() || (a.CanInterface() && reflect.DeepEqual(a.Interface(), b.Interface()))
}
