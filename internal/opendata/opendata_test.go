package opendata_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/unicode/norm"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/opendata"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

var buildDate = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// nfdName is a product's name typed in NFD (letters and combining marks),
// as some keyboards send it; the data must carry it in NFC.
var nfdName = norm.NFD.String("Mật ong hoa bạc hà Sủng Là")

// site is the sitetest base catalogue (three current products, ruou-ngo
// expired, ho-sung with no current product) and:
//   - tra-tam, whose text tries to be a spreadsheet formula and carries
//     characters JSON must escape, by a producer whose text does too;
//   - hoa-ban, typed in NFD;
//   - sap-co, whose certificate is not yet valid, by a producer with no
//     other product.
var site = sitetest.Base + `
-- content/producers/cong-ty-dau.yaml --
name: {vi: "=HYPERLINK(\"https://evil.example/\")", en: "@SUM(1+1)"}
kind: enterprise
representative: "-2+3"
address: {vi: "+84 Hà Giang", en: Ha Giang}
phone: "+84 219 3826 518"
email: lienhe@example.vn
website: https://example.vn/
description: {vi: "Công ty **dấu**."}
-- content/producers/htx-moi.yaml --
name: HTX Mới
kind: cooperative
address: Xã Mới
-- content/products/meo-vac/tra-tam.yaml --
name: {vi: "=1+1", en: "Tea with a \"quote\", a comma"}
stars: 4
group: food/tea
producer: cong-ty-dau
commune: {vi: "@Xã Pả Vi", en: Pa Vi}
certificate: {number: 9/QĐ-UBND, issued: 2025-06-01, issuer: UBND tỉnh Hà Giang}
summary: {vi: "-5°C", en: "Tags <b> & \"quotes\", back\\slash, a line\u2028separator"}
description: {en: "One\nTwo"}
specs: {storage: "-18°C", net_weight: 100 g}
price: {min: 90000, currency: VND}
tags: ["+1", "@home", plain]
-- content/products/meo-vac/hoa-ban.yaml --
name: ` + nfdName + `
stars: 3
group: food/honey
producer: ho-sung
certificate: {number: 10/QĐ-UBND, issued: 2025-06-01, issuer: UBND tỉnh Hà Giang}
-- content/products/dong-van/sap-co.yaml --
name: Sáp ong cổ
stars: 3
group: food
producer: htx-moi
certificate: {number: 11/QĐ-UBND, issued: 2027-01-01, issuer: UBND tỉnh Hà Giang}
`

// current are the slugs of the current products of site, in slug order.
var current = []string{"banh-tam-giac-mach", "che-shan-tuyet", "hoa-ban", "mat-ong-bac-ha", "tra-tam"}

// listed are the slugs of the producers of current products.
var listed = []string{"cong-ty-dau", "ho-sung", "htx-lung-cu"}

// catalogue builds the catalogue of the txtar archive, failing on any
// error in it.
func catalogue(t testing.TB, archive string) *model.Catalogue {
	t.Helper()
	dir := t.TempDir()
	sitetest.Write(t, dir, archive)
	return catalogueIn(t, dir)
}

func catalogueIn(t testing.TB, dir string) *model.Catalogue {
	t.Helper()
	src, diags := load.Load(os.DirFS(dir), ocop.Theme())
	if diags.HasErrors() {
		t.Fatalf("the site has errors:\n%v", diags)
	}
	cat, diags := model.Build(src, model.Options{Now: buildDate})
	if diags.HasErrors() {
		t.Fatalf("the catalogue has errors:\n%v", diags)
	}
	return cat
}

// renderAll renders every file of cat, by path.
// published names the photos as a renderer publishes them.
var published = opendata.Options{ImagePath: func(img *load.Image) string { return "media/" + path.Base(img.Path) }}

func renderAll(t testing.TB, cat *model.Catalogue, opt opendata.Options) map[string][]byte {
	t.Helper()
	if opt.ImagePath == nil {
		opt = published
	}
	out := map[string][]byte{}
	for _, f := range opendata.Files(cat, opt) {
		var b bytes.Buffer
		if err := f.Render(&b); err != nil {
			t.Fatalf("%s: %v", f.Path, err)
		}
		out[f.Path] = b.Bytes()
	}
	return out
}

func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, data)
	}
	return v
}

// list returns the objects of the list named key in a decoded file, by
// slug, and the slugs in order.
func list(t *testing.T, doc map[string]any, key string) (map[string]map[string]any, []string) {
	t.Helper()
	items, ok := doc[key].([]any)
	if !ok {
		t.Fatalf("%q is %T, not a list", key, doc[key])
	}
	bySlug := map[string]map[string]any{}
	var slugs []string
	for _, it := range items {
		m := it.(map[string]any)
		s := m["slug"].(string)
		bySlug[s] = m
		slugs = append(slugs, s)
	}
	return bySlug, slugs
}

// at follows a path of keys and indexes into a decoded JSON value.
func at(v any, path ...any) any {
	for _, k := range path {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func TestFiles(t *testing.T) {
	cat := catalogue(t, site)
	var got []string
	for _, f := range opendata.Files(cat, published) {
		got = append(got, f.Path+" "+f.MediaType)
	}
	want := []string{
		"data/producers.csv text/csv", "data/producers.json application/json", "data/producers.schema.json application/json",
		"data/products.csv text/csv", "data/products.json application/json", "data/products.schema.json application/json",
	}
	if !slices.Equal(got, want) {
		t.Errorf("files:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestProductsJSON(t *testing.T) {
	cat := catalogue(t, site)
	doc := decode(t, renderAll(t, cat, opendata.Options{})[opendata.ProductsJSON])

	if got := doc["$schema"]; got != "https://ocop.example.vn/data/products.schema.json" {
		t.Errorf("$schema = %v", got)
	}
	if got := doc["generated"]; got != "2026-11-29" {
		t.Errorf("generated = %v, want the build date 2026-11-29", got)
	}
	if got := fmt.Sprint(doc["languages"]); got != "[map[code:vi name:Tiếng Việt] map[code:en name:English] map[code:zh name:中文]]" {
		t.Errorf("languages = %s", got)
	}
	if got := fmt.Sprint(doc["title"]); got != "map[en:Test OCOP Products vi:Sản phẩm OCOP Thử zh:测试OCOP产品]" {
		t.Errorf("title = %s", got)
	}
	products, slugs := list(t, doc, "products")
	if !slices.Equal(slugs, current) {
		t.Fatalf("products %v, want the current ones in slug order %v (not ruou-ngo, expired, nor sap-co, not yet valid)", slugs, current)
	}

	honey := products["mat-ong-bac-ha"]
	for _, c := range []struct {
		path []any
		want any
	}{
		{[]any{"url", "vi"}, "https://ocop.example.vn/vi/products/mat-ong-bac-ha/"},
		{[]any{"url", "zh"}, "https://ocop.example.vn/zh/products/mat-ong-bac-ha/"},
		{[]any{"name", "vi"}, "Mật ong bạc hà Lũng Cú"},
		{[]any{"name", "zh"}, "龙鼓薄荷蜂蜜"},
		{[]any{"description", "vi"}, "## Hương vị\nMật ong **bạc hà** thơm mát."},
		{[]any{"stars"}, 4.0},
		{[]any{"group", "key"}, "food/honey"},
		{[]any{"group", "name", "en"}, "Honey"},
		{[]any{"district", "slug"}, "dong-van"},
		{[]any{"district", "name", "vi"}, "Đồng Văn"},
		{[]any{"commune", "en"}, "Xã Lũng Cú"}, // a place name given once: every language
		{[]any{"producer", "slug"}, "htx-lung-cu"},
		{[]any{"producer", "name", "zh"}, "龙鼓合作社"},
		{[]any{"certificate", "number"}, "123/QĐ-UBND"},
		{[]any{"certificate", "issued"}, "2025-03-01"},
		{[]any{"certificate", "expires"}, "2028-03-01"},
		{[]any{"certificate", "issuer", "vi"}, "UBND tỉnh Hà Giang"},
		{[]any{"price", "min"}, 250000.0},
		{[]any{"price", "max"}, 300000.0},
		{[]any{"price", "currency"}, "VND"},
		{[]any{"price", "unit", "zh"}, "瓶"},
		{[]any{"specs", "net_weight", "zh"}, "500 ml"},
		{[]any{"specs", "shelf_life", "en"}, "24 months"},
		{[]any{"tags", 1}, "highland"},
		{[]any{"images", 0, "width"}, 80.0},
		{[]any{"images", 0, "height"}, 60.0},
		{[]any{"images", 0, "alt", "en"}, "Lung Cu Mint Honey"}, // no alt: the product's name
	} {
		if got := at(honey, c.path...); got != c.want {
			t.Errorf("mat-ong-bac-ha %v = %#v, want %#v", c.path, got, c.want)
		}
	}
	path, _ := at(honey, "images", 0, "path").(string)
	if !strings.HasPrefix(path, "media/honey.") || !strings.HasSuffix(path, ".svg") {
		t.Errorf("image path %q, want media/honey.<hash>.svg", path)
	}
	if got := at(honey, "images", 0, "url"); got != "https://ocop.example.vn/"+path {
		t.Errorf("image url %v, want the path on the site", got)
	}

	// A language without text is left out; a field without text is {}.
	tea := products["che-shan-tuyet"]
	if summary := at(tea, "summary").(map[string]any); len(summary) != 2 || summary["zh"] != nil {
		t.Errorf("che-shan-tuyet summary = %v, want vi and en only", summary)
	}
	if d := at(tea, "description"); fmt.Sprint(d) != "map[]" {
		t.Errorf("che-shan-tuyet description = %v, want {}", d)
	}
	for _, key := range []string{"specs", "tags", "images"} {
		if v := at(products["banh-tam-giac-mach"], key); v == nil {
			t.Errorf("banh-tam-giac-mach has %s null, want an empty list or object", key)
		}
	}
	if _, ok := products["banh-tam-giac-mach"]["price"]; ok {
		t.Error("banh-tam-giac-mach has a price; the record gives none")
	}
	if _, ok := at(products["tra-tam"], "price").(map[string]any)["max"]; ok {
		t.Error("tra-tam has price.max; the record gives only min")
	}
	// NFD input arrives in NFC.
	if got := at(products["hoa-ban"], "name", "vi"); got != norm.NFC.String(nfdName) {
		t.Errorf("hoa-ban name = %q, want NFC %q", got, norm.NFC.String(nfdName))
	}
}

// TestJSONText checks that every text survives the trip through JSON,
// and that only what JSON needs is escaped.
func TestJSONText(t *testing.T) {
	cat := catalogue(t, site)
	data := renderAll(t, cat, opendata.Options{})[opendata.ProductsJSON]
	products, _ := list(t, decode(t, data), "products")
	for _, p := range cat.Products {
		if !p.Current {
			continue
		}
		for li, l := range cat.Languages {
			for field, text := range map[string]load.Text{"name": p.Name, "summary": p.Summary, "description": p.Description} {
				want := ""
				if li < len(text.Values) {
					want = text.Values[li]
				}
				got, ok := at(products[p.Slug], field, l.Code).(string)
				if got != want || ok != (want != "") {
					t.Errorf("%s %s.%s = %q, want %q", p.Slug, field, l.Code, got, want)
				}
			}
		}
	}
	for _, want := range []string{
		`"en":"Tags \u003cb\u003e & \"quotes\", back\\slash, a line\u2028separator"`,
		`"description":{"en":"One\nTwo"}`,
		`"specs":{"storage":{"vi":"-18°C","en":"-18°C","zh":"-18°C"},"net_weight":`, // the record's order
	} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("products.json does not contain %s", want)
		}
	}
	// One record to a line, so that a change shows as one line of a diff.
	if lines := bytes.Count(data, []byte("\n")); lines != len(current)+2 {
		t.Errorf("products.json has %d lines, want %d", lines, len(current)+2)
	}
}

// TestJSONEscapes gives a product's name what the loader never lets
// through (control characters, invalid UTF-8) to check that the JSON
// stays valid, and a "</script>", which the file never holds as such.
func TestJSONEscapes(t *testing.T) {
	cat := catalogue(t, site)
	const odd = "a\x01b\x1fc\xffd\u2029e\"\\f</script>"
	for _, p := range cat.Products {
		if p.Slug == "che-shan-tuyet" {
			p.Name.Values[1] = odd
			p.Tags = []string{odd}
		}
	}
	data := renderAll(t, cat, opendata.Options{})[opendata.ProductsJSON]
	products, _ := list(t, decode(t, data), "products")
	want := "a\x01b\x1fc\ufffdd\u2029e\"\\f</script>"
	for _, path := range [][]any{{"name", "en"}, {"tags", 0}} {
		if got := at(products["che-shan-tuyet"], path...); got != want {
			t.Errorf("%v = %q, want %q", path, got, want)
		}
	}
	if want := `"en":"a\u0001b\u001fc\ufffdd\u2029e\"\\f\u003c/script\u003e"`; !bytes.Contains(data, []byte(want)) {
		t.Errorf("products.json does not contain %s", want)
	}
}

func TestProducersJSON(t *testing.T) {
	cat := catalogue(t, site)
	doc := decode(t, renderAll(t, cat, opendata.Options{})[opendata.ProducersJSON])
	if got := doc["$schema"]; got != "https://ocop.example.vn/data/producers.schema.json" {
		t.Errorf("$schema = %v", got)
	}
	producers, slugs := list(t, doc, "producers")
	if !slices.Equal(slugs, listed) {
		t.Fatalf("producers %v, want %v (not htx-moi, whose only product is not yet valid)", slugs, listed)
	}
	lc := producers["htx-lung-cu"]
	for _, c := range []struct {
		path []any
		want any
	}{
		{[]any{"url", "en"}, "https://ocop.example.vn/en/producers/htx-lung-cu/"},
		{[]any{"name", "vi"}, "HTX Lũng Cú"},
		{[]any{"kind"}, "cooperative"},
		{[]any{"phone"}, "0219 3856 123"},
		{[]any{"zalo"}, "0912 345 678"},
		{[]any{"address", "vi"}, "Xã Lũng Cú, huyện Đồng Văn"},
		{[]any{"products", 0}, "banh-tam-giac-mach"},
		{[]any{"products", 2}, "mat-ong-bac-ha"},
		{[]any{"email"}, nil}, // not given: left out
		{[]any{"website"}, nil},
	} {
		if got := at(lc, c.path...); got != c.want {
			t.Errorf("htx-lung-cu %v = %#v, want %#v", c.path, got, c.want)
		}
	}
	if got := fmt.Sprint(at(producers["ho-sung"], "products")); got != "[hoa-ban]" {
		t.Errorf("ho-sung products = %s, want [hoa-ban] (ruou-ngo has expired)", got)
	}
	dau := producers["cong-ty-dau"]
	if at(dau, "email") != "lienhe@example.vn" || at(dau, "website") != "https://example.vn/" || at(dau, "representative") != "-2+3" {
		t.Errorf("cong-ty-dau = %v", dau)
	}
	if got := at(dau, "description", "vi"); got != "Công ty **dấu**." {
		t.Errorf("cong-ty-dau description = %v", got)
	}
}

// schemaFor compiles the schema file of files at path, asserting formats.
func schemaFor(t *testing.T, files map[string][]byte, path string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(files[path]))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	id := "https://ocop.example.vn/" + path
	if err := c.AddResource(id, doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	s, err := c.Compile(id)
	if err != nil {
		t.Fatalf("%s is not a valid JSON Schema: %v", path, err)
	}
	return s
}

func instance(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestSchemasValidate(t *testing.T) {
	cat := catalogue(t, site)
	files := renderAll(t, cat, opendata.Options{})
	for _, f := range [][2]string{
		{opendata.ProductsJSON, opendata.ProductsSchema},
		{opendata.ProducersJSON, opendata.ProducersSchema},
	} {
		s := schemaFor(t, files, f[1])
		if err := s.Validate(instance(t, files[f[0]])); err != nil {
			t.Errorf("%s does not follow %s:\n%v", f[0], f[1], err)
		}
	}
}

// TestSchemasReject breaks the documents one way at a time: the schema
// must refuse each.
func TestSchemasReject(t *testing.T) {
	cat := catalogue(t, site)
	files := renderAll(t, cat, opendata.Options{})
	type change struct {
		name string
		edit func(doc map[string]any)
	}
	item := func(doc map[string]any, key string) map[string]any { return at(doc, key, 0).(map[string]any) }
	products := []change{
		{"stars 7", func(d map[string]any) { item(d, "products")["stars"] = 7 }},
		{"stars 2", func(d map[string]any) { item(d, "products")["stars"] = 2 }},
		{"stars 4.5", func(d map[string]any) { item(d, "products")["stars"] = 4.5 }},
		{"no name", func(d map[string]any) { delete(item(d, "products"), "name") }},
		{"no Vietnamese name", func(d map[string]any) { item(d, "products")["name"] = map[string]any{"en": "Tea"} }},
		{"an unknown language", func(d map[string]any) { item(d, "products")["summary"] = map[string]any{"vi": "x", "fr": "y"} }},
		{"an empty text", func(d map[string]any) { item(d, "products")["summary"] = map[string]any{"vi": ""} }},
		{"an unknown field", func(d map[string]any) { item(d, "products")["rating"] = 5 }},
		{"no certificate", func(d map[string]any) { delete(item(d, "products"), "certificate") }},
		{"a bad date", func(d map[string]any) { at(d, "products", 0, "certificate").(map[string]any)["expires"] = "2028-02-30" }},
		{"a date with a time", func(d map[string]any) {
			at(d, "products", 0, "certificate").(map[string]any)["issued"] = "2025-01-10T00:00:00Z"
		}},
		{"a relative url", func(d map[string]any) { at(d, "products", 0, "url").(map[string]any)["vi"] = "/vi/products/x/" }},
		{"a url on another site", func(d map[string]any) {
			at(d, "products", 0, "url").(map[string]any)["vi"] = "https://evil.example/vi/products/x/"
		}},
		{"a url missing", func(d map[string]any) { delete(at(d, "products", 0, "url").(map[string]any), "zh") }},
		{"a bad slug", func(d map[string]any) { item(d, "products")["slug"] = "Bánh" }},
		{"a negative price", func(d map[string]any) { at(d, "products", 3, "price").(map[string]any)["min"] = -1 }},
		{"a currency in lower case", func(d map[string]any) { at(d, "products", 3, "price").(map[string]any)["currency"] = "vnd" }},
		{"generated missing", func(d map[string]any) { delete(d, "generated") }},
		{"another schema", func(d map[string]any) { d["$schema"] = "https://evil.example/schema.json" }},
		{"another language", func(d map[string]any) { d["languages"] = []any{map[string]any{"code": "vi", "name": "Tiếng Việt"}} }},
		{"an image without size", func(d map[string]any) { delete(at(d, "products", 3, "images", 0).(map[string]any), "width") }},
	}
	producers := []change{
		{"an unknown kind", func(d map[string]any) { item(d, "producers")["kind"] = "company" }},
		{"no products", func(d map[string]any) { item(d, "producers")["products"] = []any{} }},
		{"a bad email", func(d map[string]any) { item(d, "producers")["email"] = "not an address" }},
		{"a bad phone", func(d map[string]any) { item(d, "producers")["phone"] = "call me" }},
		{"no address", func(d map[string]any) { delete(item(d, "producers"), "address") }},
		{"an unknown field", func(d map[string]any) { item(d, "producers")["fax"] = "0219" }},
	}
	for _, set := range []struct {
		doc, schema string
		changes     []change
	}{
		{opendata.ProductsJSON, opendata.ProductsSchema, products},
		{opendata.ProducersJSON, opendata.ProducersSchema, producers},
	} {
		s := schemaFor(t, files, set.schema)
		for _, c := range set.changes {
			doc := decode(t, files[set.doc])
			c.edit(doc)
			data, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(instance(t, data)); err == nil {
				t.Errorf("%s with %s: the schema accepts it", set.doc, c.name)
			}
		}
	}
}

// readCSV checks the byte-order mark and CRLF line ends of a CSV file and
// reads it.
func readCSV(t *testing.T, name string, data []byte) (header []string, rows []map[string]string) {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\ufeff"))
	if !ok {
		t.Fatalf("%s does not start with the UTF-8 byte-order mark", name)
	}
	if !bytes.HasSuffix(rest, []byte("\r\n")) || bytes.Count(rest, []byte("\n")) != bytes.Count(rest, []byte("\r\n")) {
		t.Errorf("%s: lines do not all end in CRLF", name)
	}
	r := csv.NewReader(bytes.NewReader(rest))
	records, err := r.ReadAll() // also fails when a row has another number of fields than the header
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	header = records[0]
	for _, rec := range records[1:] {
		if len(rec) != len(header) {
			t.Fatalf("%s: a row of %d fields under a header of %d", name, len(rec), len(header))
		}
		row := map[string]string{}
		for i, h := range header {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return header, rows
}

func bySlug(t *testing.T, rows []map[string]string) (map[string]map[string]string, []string) {
	m := map[string]map[string]string{}
	var slugs []string
	for _, r := range rows {
		m[r["slug"]] = r
		slugs = append(slugs, r["slug"])
	}
	return m, slugs
}

func TestProductsCSV(t *testing.T) {
	cat := catalogue(t, site)
	header, rows := readCSV(t, "products.csv", renderAll(t, cat, opendata.Options{})[opendata.ProductsCSV])
	// No description: Markdown is in the JSON only.
	want := "slug url_vi url_en url_zh name_vi name_en name_zh summary_vi summary_en summary_zh " +
		"stars group group_name_vi group_name_en group_name_zh producer producer_name_vi producer_name_en producer_name_zh commune_vi commune_en commune_zh " +
		"certificate_number certificate_issued certificate_issuer_vi certificate_issuer_en certificate_issuer_zh certificate_expires images specs_vi specs_en specs_zh " +
		"price_min price_max price_currency price_unit_vi price_unit_en price_unit_zh tags district district_name_vi district_name_en district_name_zh " +
		"place_commune place_kind place_province former_commune former_kind former_province phone email zalo website"
	if got := strings.Join(header, " "); got != want {
		t.Errorf("header:\n%s\nwant:\n%s", got, want)
	}
	products, slugs := bySlug(t, rows)
	if !slices.Equal(slugs, current) {
		t.Fatalf("rows %v, want %v (no expired product)", slugs, current)
	}
	for _, c := range []struct{ slug, col, want string }{
		{"mat-ong-bac-ha", "name_vi", "Mật ong bạc hà Lũng Cú"},
		{"mat-ong-bac-ha", "url_en", "https://ocop.example.vn/en/products/mat-ong-bac-ha/"},
		{"mat-ong-bac-ha", "stars", "4"},
		{"mat-ong-bac-ha", "district_name_vi", "Đồng Văn"},
		{"mat-ong-bac-ha", "producer_name_en", "Lung Cu Cooperative"},
		{"mat-ong-bac-ha", "phone", "0219 3856 123"},
		{"mat-ong-bac-ha", "zalo", "0912 345 678"},
		{"mat-ong-bac-ha", "certificate_expires", "2028-03-01"},
		{"mat-ong-bac-ha", "price_min", "250000"},
		{"mat-ong-bac-ha", "price_max", "300000"},
		{"mat-ong-bac-ha", "price_unit_vi", "chai"},
		{"mat-ong-bac-ha", "specs_vi", "net_weight: 500 ml; shelf_life: 24 tháng"},
		{"mat-ong-bac-ha", "tags", "gift; highland"},
		{"che-shan-tuyet", "summary_zh", ""},
		{"banh-tam-giac-mach", "price_min", ""},
		{"banh-tam-giac-mach", "price_currency", ""},
		{"hoa-ban", "name_vi", norm.NFC.String(nfdName)},
		// The formula guard: text that starts with = + - @ gets an apostrophe.
		{"tra-tam", "name_vi", "'=1+1"},
		{"tra-tam", "name_en", `Tea with a "quote", a comma`},
		{"tra-tam", "summary_vi", "'-5°C"},
		{"tra-tam", "commune_vi", "'@Xã Pả Vi"},
		{"tra-tam", "producer_name_vi", `'=HYPERLINK("https://evil.example/")`},
		{"tra-tam", "producer_name_en", "'@SUM(1+1)"},
		{"tra-tam", "phone", "'+84 219 3826 518"},
		{"tra-tam", "tags", "'+1; @home; plain"},
		{"tra-tam", "specs_vi", "storage: -18°C; net_weight: 100 g"},
		{"tra-tam", "price_max", ""},
	} {
		if got := products[c.slug][c.col]; got != c.want {
			t.Errorf("%s %s = %q, want %q", c.slug, c.col, got, c.want)
		}
	}
	for _, r := range rows {
		for col, v := range r {
			if !norm.NFC.IsNormalString(v) {
				t.Errorf("%s %s is not in NFC: %q", r["slug"], col, v)
			}
		}
	}
	img := products["mat-ong-bac-ha"]["images"]
	if !strings.HasPrefix(img, "https://ocop.example.vn/media/honey.") {
		t.Errorf("images = %q, want the photo's address", img)
	}
}

// TestCSVGuard checks the guard on what the loader cannot write (a leading
// tab or carriage return, which it trims) and that numbers pass as they
// are, by changing a catalogue in place.
func TestCSVGuard(t *testing.T) {
	cat := catalogue(t, site)
	for _, p := range cat.Products {
		switch p.Slug {
		case "mat-ong-bac-ha":
			p.Name.Values[0] = "\tTab"
			p.Name.Values[1] = "\rReturn"
			p.Price.Min = -5 // a number: never guarded
		case "che-shan-tuyet":
			p.Name.Values[1] = " =1+1" // not at the start: no formula
		}
	}
	_, rows := readCSV(t, "products.csv", renderAll(t, cat, opendata.Options{})[opendata.ProductsCSV])
	products, _ := bySlug(t, rows)
	for _, c := range []struct{ slug, col, want string }{
		{"mat-ong-bac-ha", "name_vi", "'\tTab"},
		{"mat-ong-bac-ha", "name_en", "'Return"}, // encoding/csv drops a lone CR when it writes CRLF lines
		{"mat-ong-bac-ha", "price_min", "-5"},
		{"che-shan-tuyet", "name_en", " =1+1"},
	} {
		if got := products[c.slug][c.col]; got != c.want {
			t.Errorf("%s %s = %q, want %q", c.slug, c.col, got, c.want)
		}
	}
}

func TestProducersCSV(t *testing.T) {
	cat := catalogue(t, site)
	header, rows := readCSV(t, "producers.csv", renderAll(t, cat, opendata.Options{})[opendata.ProducersCSV])
	want := "slug url_vi url_en url_zh name_vi name_en name_zh kind representative address_vi address_en address_zh commune_vi commune_en commune_zh " +
		"area area_name_vi area_name_en area_name_zh phone email website zalo " +
		"place_commune place_kind place_province former_commune former_kind former_province products"
	if got := strings.Join(header, " "); got != want {
		t.Errorf("header:\n%s\nwant:\n%s", got, want)
	}
	producers, slugs := bySlug(t, rows)
	if !slices.Equal(slugs, listed) {
		t.Fatalf("rows %v, want %v", slugs, listed)
	}
	for _, c := range []struct{ slug, col, want string }{
		{"htx-lung-cu", "name_vi", "HTX Lũng Cú"},
		{"htx-lung-cu", "url_zh", "https://ocop.example.vn/zh/producers/htx-lung-cu/"},
		{"htx-lung-cu", "products", "banh-tam-giac-mach; che-shan-tuyet; mat-ong-bac-ha"},
		{"htx-lung-cu", "address_vi", "Xã Lũng Cú, huyện Đồng Văn"},
		{"htx-lung-cu", "email", ""},
		{"ho-sung", "products", "hoa-ban"},
		{"ho-sung", "name_zh", ""},
		{"cong-ty-dau", "name_vi", `'=HYPERLINK("https://evil.example/")`},
		{"cong-ty-dau", "representative", "'-2+3"},
		{"cong-ty-dau", "phone", "'+84 219 3826 518"},
		{"cong-ty-dau", "address_vi", "'+84 Hà Giang"},
		{"cong-ty-dau", "kind", "enterprise"},
		{"cong-ty-dau", "website", "https://example.vn/"},
	} {
		if got := producers[c.slug][c.col]; got != c.want {
			t.Errorf("%s %s = %q, want %q", c.slug, c.col, got, c.want)
		}
	}
}

// TestDeterministic renders twice from one catalogue, concurrently, and
// once from a catalogue built again from the same files: the bytes must
// be the same.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, site)
	cat := catalogueIn(t, dir)
	files := opendata.Files(cat, published)
	outs := make([][]byte, 3*len(files))
	var wg sync.WaitGroup
	for i := range outs {
		wg.Go(func() {
			var b bytes.Buffer
			if err := files[i%len(files)].Render(&b); err != nil {
				t.Error(err)
			}
			outs[i] = b.Bytes()
		})
	}
	wg.Wait()
	again := renderAll(t, catalogueIn(t, dir), opendata.Options{})
	for i, f := range files {
		for n := 1; n < 3; n++ {
			if !bytes.Equal(outs[i], outs[i+n*len(files)]) {
				t.Errorf("%s: two renders differ", f.Path)
			}
		}
		if !bytes.Equal(outs[i], again[f.Path]) {
			t.Errorf("%s: a catalogue built again from the same files renders differently", f.Path)
		}
	}
}

// TestImagePath checks that the photos' paths are the ones
// Options.ImagePath gives (the renderer's names; see the build's tests
// for the files themselves).
func TestImagePath(t *testing.T) {
	cat := catalogue(t, site)
	opt := opendata.Options{ImagePath: func(img *load.Image) string { return "img/" + img.Hash[:8] + "/w640.jpg" }}
	products, _ := list(t, decode(t, renderAll(t, cat, opt)[opendata.ProductsJSON]), "products")
	if got, _ := at(products["mat-ong-bac-ha"], "images", 0, "url").(string); !strings.HasPrefix(got, "https://ocop.example.vn/img/") {
		t.Errorf("with Options.ImagePath, the image's url is %q", got)
	}
}

// TestPlaces: with a places table, products and producers carry where
// they are today and what it was, valid against the schemas, and the CSV
// files have them in their place columns.
func TestPlaces(t *testing.T) {
	cat := catalogue(t, sitetest.Base+`
-- content/places.yaml --
province: {name: Tuyên Quang, since: 2025-07-01, formerly: [Hà Giang, Tuyên Quang]}
region: Hà Giang
communes:
  - name: Lũng Cú
    kind: xã
    formerly: [{name: Lũng Cú, kind: xã, district: dong-van}, {name: Má Lé, kind: xã, district: dong-van}]
    source: Nghị quyết 1684/NQ-UBTVQH15
-- content/producers/htx-lung-cu.yaml --
name: {vi: HTX Lũng Cú, en: Lung Cu Cooperative}
kind: cooperative
address: Thôn Lô Lô Chải
commune: Xã Lũng Cú
`)
	files := renderAll(t, cat, opendata.Options{})
	for _, f := range [][2]string{
		{opendata.ProductsJSON, opendata.ProductsSchema},
		{opendata.ProducersJSON, opendata.ProducersSchema},
	} {
		if err := schemaFor(t, files, f[1]).Validate(instance(t, files[f[0]])); err != nil {
			t.Errorf("%s does not follow %s:\n%v", f[0], f[1], err)
		}
	}
	products, _ := list(t, decode(t, files[opendata.ProductsJSON]), "products")
	if got := fmt.Sprint(products["mat-ong-bac-ha"]["place"]); got != "map[commune:Lũng Cú former:map[commune:Lũng Cú district:dong-van kind:xã province:Hà Giang] kind:xã province:Tuyên Quang]" {
		t.Errorf("a product's place: %s", got)
	}
	producers, _ := list(t, decode(t, files[opendata.ProducersJSON]), "producers")
	if got := fmt.Sprint(producers["htx-lung-cu"]["place"]); got != "map[commune:Lũng Cú kind:xã province:Tuyên Quang]" {
		t.Errorf("a producer's place: %s", got)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(files[opendata.ProductsCSV], []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "former_province")
	for _, row := range rows[1:] {
		if row[0] == "mat-ong-bac-ha" && row[col] != "Hà Giang" {
			t.Errorf("former_province: %q", row[col])
		}
	}
}
