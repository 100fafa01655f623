package differential

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/serve"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
	"github.com/hagiang-ocop/ocop/internal/write"
)

var (
	edits = flag.Int("edits", 0, "the number of random edits to make (0: the fixed seeds of go test)")
	steps = flag.Int("steps", 40, "edits in a sequence, each from a fresh copy of the site")
	seed  = flag.Uint64("seed", 1, "the first seed of a long run")
)

// baseURL is the address of ocop serve in the test, which the builds use
// as well so that their pages are the same.
const baseURL = "http://127.0.0.1:1313/"

var langs = []string{"vi", "en", "zh"}

// TestDifferential makes sequences of random editor edits. After each, a
// build with the cache (the same output and cache folders all along) and
// ocop serve (rebuilt with the paths the edit touched, as its watcher
// reports them) must give byte for byte what a build from scratch gives;
// an edit that makes the site wrong must make both fail with the same
// messages and leave the last good output, and serve the last good site.
func TestDifferential(t *testing.T) {
	if *edits > 0 {
		counts := map[string]int{}
		n := 0
		for s := *seed; n < *edits; s++ {
			k := min(*steps, *edits-n)
			run(t, s, k, counts)
			if t.Failed() {
				return
			}
			n += k
			t.Logf("seed %d: %d edits so far", s, n)
			if n%1000 == 0 && n < *edits {
				// A long run can be stopped: what it survived so far.
				t.Logf("%d edits survived: %s", n, kindCounts(counts))
			}
		}
		t.Logf("%d edits survived: %s", n, kindCounts(counts))
		return
	}
	// The fixed runs, in well under a minute: every kind of edit once,
	// in an order of its own, then two random sequences.
	t.Run("tour", func(t *testing.T) {
		run(t, 100, 0, map[string]int{})
	})
	for s := uint64(1); s <= 2; s++ {
		t.Run(fmt.Sprint("seed", s), func(t *testing.T) {
			run(t, s, 12, map[string]int{})
		})
	}
}

// kindCounts says how many edits of each kind were made.
func kindCounts(counts map[string]int) string {
	var kinds []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return strings.Join(kinds, ", ")
}

// run makes n random edits from seed s, checking after each; n = 0 makes
// one edit of every kind, in an order the seed gives.
func run(t *testing.T, s uint64, n int, counts map[string]int) {
	t.Helper()
	// Every other sequence starts with the bare layout.
	e := newEditor(t, rand.New(rand.NewPCG(s, s*7919+1)), s%2 == 0)
	h := newHarness(t, e)
	h.check(fmt.Sprintf("seed %d, the site as it starts", s), nil)
	var tour []string
	if n == 0 {
		for _, k := range e.kinds() {
			tour = append(tour, k.name)
		}
		e.r.Shuffle(len(tour), func(i, j int) { tour[i], tour[j] = tour[j], tour[i] })
		n = len(tour)
	}
	var history []string
	for i := 0; i < n; i++ {
		want := ""
		if tour != nil {
			want = tour[i]
		}
		kind, touched := e.edit(want)
		counts[kind]++
		history = append(history, kind)
		h.check(fmt.Sprintf("seed %d, edit %d (%s; the edits: %s)", s, i+1, kind, strings.Join(history, ", ")), touched)
		if t.Failed() {
			return
		}
		if kind == "mistake" && tour != nil {
			// The repair comes next, beside the tour.
			kind, touched = e.edit("")
			history = append(history, kind)
			h.check(fmt.Sprintf("seed %d, edit %d (%s; the edits: %s)", s, i+1, kind, strings.Join(history, ", ")), touched)
			if t.Failed() {
				return
			}
		}
	}
}

// harness builds the site three ways after each edit.
type harness struct {
	t                    *testing.T
	e                    *editor
	cold, warm, cacheDir string
	srv                  *serve.Server
	srvNow               time.Time
	// good is the last output of a build without errors.
	good map[string][]byte
}

func newHarness(t *testing.T, e *editor) *harness {
	dir := t.TempDir()
	return &harness{t: t, e: e, cold: filepath.Join(dir, "cold"), warm: filepath.Join(dir, "warm"), cacheDir: filepath.Join(dir, "cache")}
}

func (h *harness) options(out, cache string) build.Options {
	return build.Options{SiteDir: h.e.dir, Theme: ocop.Theme(), Out: out, BaseURL: baseURL, Now: h.e.now, CacheDir: cache}
}

// check builds from scratch and with the cache, rebuilds the server with
// the paths an edit touched, and compares.
func (h *harness) check(what string, touched []string) {
	t := h.t
	t.Helper()
	ctx := context.Background()
	coldRep, coldErr := build.Build(ctx, h.options(h.cold, ""))
	warmRep, warmErr := build.Build(ctx, h.options(h.warm, h.cacheDir))
	if (coldErr == nil) != (warmErr == nil) {
		t.Fatalf("%s:\nfrom scratch: %v\nwith the cache: %v", what, coldErr, warmErr)
	}
	var bad *diag.ErrorList
	if coldErr != nil && !errors.As(coldErr, &bad) {
		t.Fatalf("%s: %v", what, coldErr)
	}
	if got, want := lines(warmRep.Diagnostics), lines(coldRep.Diagnostics); got != want {
		t.Fatalf("%s: the build with the cache says\n%s\nfrom scratch\n%s", what, got, want)
	}
	// ocop serve: made anew when the build date changed (its date is
	// fixed for its life), else rebuilt with what the watcher would say.
	var res serve.Result
	if h.srv == nil || !h.srvNow.Equal(h.e.now) {
		h.srv = serve.New(serve.Options{SiteDir: h.e.dir, Theme: ocop.Theme(), BaseURL: baseURL, Now: h.e.now})
		h.srvNow = h.e.now
		res = h.srv.Rebuild(nil)
	} else {
		res = h.srv.Rebuild(touched)
	}
	if res.Diagnostics.HasErrors() != (coldErr != nil) {
		t.Fatalf("%s: ocop serve says\n%s\nthe build\n%s", what, lines(res.Diagnostics), lines(coldRep.Diagnostics))
	}
	var want map[string][]byte
	if coldErr == nil {
		want = readTree(t, h.cold)
		h.good = want
	} else {
		// The last good output stays, and is what is served.
		want = h.good
		if want == nil {
			return
		}
	}
	if got := readTree(t, h.warm); !sameTree(t, what+": the build with the cache", got, want) {
		return
	}
	if res.Shown {
		h.compareServed(what, want)
	}
}

var reloadScript = regexp.MustCompile(`<script data-fp="[0-9]+"( data-lang="[a-z]+")?( data-errors="[^"]*")? src="/_ocop/reload\.js"></script>`)

// compareServed asks the server for every file of want.
func (h *harness) compareServed(what string, want map[string][]byte) {
	t := h.t
	t.Helper()
	for _, p := range slices.Sorted(maps.Keys(want)) {
		req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1313/"+p, nil)
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, req)
		body := rec.Body.Bytes()
		if strings.HasSuffix(p, ".html") {
			body = reloadScript.ReplaceAll(body, nil)
		}
		if rec.Code != http.StatusOK || !bytes.Equal(body, want[p]) {
			t.Errorf("%s: ocop serve gives %s (%d):\n%s", what, p, rec.Code, difference(body, want[p]))
			return
		}
	}
}

// readTree reads every file of an output but its marker.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == write.Marker {
			return nil
		}
		data, err := os.ReadFile(p)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(t *testing.T, what string, got, want map[string][]byte) bool {
	t.Helper()
	for _, p := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[p]
		if !ok {
			t.Errorf("%s lacks %s", what, p)
			return false
		}
		if !bytes.Equal(g, want[p]) {
			t.Errorf("%s differs at %s:\n%s", what, p, difference(g, want[p]))
			return false
		}
	}
	for _, p := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[p]; !ok {
			t.Errorf("%s has %s, which a build from scratch does not", what, p)
			return false
		}
	}
	return true
}

// difference shows where two files part.
func difference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-120)
	return fmt.Sprintf("got  …%s…\nwant …%s…", got[lo:min(len(got), i+120)], want[lo:min(len(want), i+120)])
}

func lines(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.WithSeverity())
		b.WriteByte('\n')
	}
	return b.String()
}

// The editor: a site kept as Go values, written out as an editor would
// write its files, and edited at random.

type text map[string]string // by language code

type photo struct {
	name string // the file's name, beside the record
	alt  text
}

type product struct {
	district, slug string
	name           text
	stars          int
	group          string
	producer       string
	commune        string
	issued         string
	photos         []photo
}

type producer struct {
	slug  string
	name  text
	phone string
}

type storyVersion struct {
	title    string
	date     string
	products []string
	image    string // a file under content/stories/
	draft    bool
	body     string
}

type story struct {
	slug     string
	versions map[string]*storyVersion
}

type district struct {
	slug string
	name text
}

type editor struct {
	t   *testing.T
	r   *rand.Rand
	dir string
	now time.Time

	title     text
	districts []district
	groups    []string
	producers map[string]*producer
	products  map[string]*product
	stories   map[string]*story
	// files are the photos' bytes, by path in the site.
	files        map[string][]byte
	homeText     string // the site's own interface string, "" for none
	templateText string // the site's own templates: "", "product" or "bare"
	cssText      string // the site's own style sheet, "" for none
	n            int    // for fresh names
	// broken, when set, puts the site right again: the edit before made
	// it wrong.
	broken func() []string
}

// newEditor writes the starting site; bare gives it the bare layout.
func newEditor(t *testing.T, r *rand.Rand, bare bool) *editor {
	e := &editor{t: t, r: r, dir: t.TempDir(), now: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
		title:     text{"vi": "Sản phẩm OCOP", "en": "OCOP products", "zh": "OCOP产品"},
		districts: []district{{"dong-van", text{"vi": "Đồng Văn", "en": "Dong Van", "zh": "同文"}}, {"meo-vac", text{"vi": "Mèo Vạc", "en": "Meo Vac"}}, {"quan-ba", text{"vi": "Quản Bạ", "en": "Quan Ba"}}},
		groups:    []string{"food", "food/honey", "food/tea", "beverage"},
		producers: map[string]*producer{}, products: map[string]*product{}, stories: map[string]*story{},
		files: map[string][]byte{},
	}
	for _, p := range []*producer{
		{slug: "htx-lung-cu", name: text{"vi": "HTX Lũng Cú", "en": "Lung Cu Cooperative"}, phone: "0219 3856 123"},
		{slug: "ho-sung", name: text{"vi": "Hộ Sùng Mí Chứ"}, phone: "0987 654 321"},
	} {
		e.producers[p.slug] = p
	}
	for _, p := range []*product{
		{district: "dong-van", slug: "mat-ong", name: text{"vi": "Mật ong bạc hà", "en": "Mint honey", "zh": "薄荷蜂蜜"}, stars: 4, group: "food/honey", producer: "htx-lung-cu", commune: "Lũng Cú", issued: "2025-03-01",
			photos: []photo{{name: "mat-ong.jpg", alt: text{"vi": "Hũ mật", "en": "A jar"}}}},
		{district: "dong-van", slug: "che", name: text{"vi": "Chè Shan tuyết", "en": "Shan tuyet tea"}, stars: 5, group: "food/tea", producer: "htx-lung-cu", issued: "2024-06-30",
			photos: []photo{{name: "che.svg"}}},
		{district: "meo-vac", slug: "ruou-ngo", name: text{"vi": "Rượu ngô", "en": "Corn liquor", "zh": "玉米酒"}, stars: 3, group: "beverage", producer: "ho-sung", issued: "2024-01-04"},
		{district: "quan-ba", slug: "hong", name: text{"vi": "Hồng không hạt"}, stars: 3, group: "food", producer: "ho-sung", issued: "2023-09-09"},
	} {
		e.products[p.slug] = p
	}
	e.files["content/products/dong-van/mat-ong.jpg"] = e.jpeg(0)
	e.files["content/products/dong-van/che.svg"] = svg("#00aa44")
	e.files["content/stories/mua-mat.jpg"] = e.jpeg(1)
	e.stories["mua-mat"] = &story{slug: "mua-mat", versions: map[string]*storyVersion{
		"vi": {title: "Mùa mật", date: "2025-10-20", products: []string{"mat-ong"}, image: "mua-mat.jpg", body: "Câu chuyện **mùa mật**."},
		"en": {title: "Honey season", date: "2025-10-20", products: []string{"mat-ong"}, image: "mua-mat.jpg", body: "The honey season."},
	}}
	e.stories["che-co"] = &story{slug: "che-co", versions: map[string]*storyVersion{
		"vi": {title: "Chè cổ thụ", date: "2025-11-02", products: []string{"che"}, body: "Chuyện chè."},
	}}
	e.writeAll()
	if bare {
		e.bare()
	}
	return e
}

// jpeg is a small photo; k makes it differ.
func (e *editor) jpeg(k int) []byte {
	e.t.Helper()
	return sitetest.PhotoJPEG(e.t, 400+8*(k%20), 300+6*(k%20), 1+k%8)
}

func svg(fill string) []byte {
	return []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="80" height="60" viewBox="0 0 80 60"><rect width="80" height="60" fill="` + fill + `"/></svg>`)
}

func (e *editor) fresh(prefix string) string {
	e.n++
	return fmt.Sprintf("%s-%d", prefix, e.n)
}

func (tx text) yaml() string {
	var parts []string
	for _, l := range langs {
		if v, ok := tx[l]; ok {
			parts = append(parts, l+": "+quote(v))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }

func (e *editor) siteYAML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\nbaseURL: https://ocop.example.vn/\nlanguages:\n  - {code: vi, name: Tiếng Việt}\n  - {code: en, name: English}\n  - {code: zh, name: 中文}\ndistricts:\n", e.title.yaml())
	for _, d := range e.districts {
		fmt.Fprintf(&b, "  - slug: %s\n    name: %s\n", d.slug, d.name.yaml())
	}
	b.WriteString("groups:\n")
	for _, g := range e.groups {
		fmt.Fprintf(&b, "  - key: %s\n    name: {vi: Nhóm %s, en: Group %s}\n", g, g, g)
	}
	return b.String()
}

func (p *product) path() string { return "content/products/" + p.district + "/" + p.slug + ".yaml" }

func (p *product) yaml() string {
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nstars: %d\ngroup: %s\nproducer: %s\n", p.name.yaml(), p.stars, p.group, p.producer)
	if p.commune != "" {
		fmt.Fprintf(&b, "commune: %s\n", quote(p.commune))
	}
	fmt.Fprintf(&b, "certificate: {number: 1/QĐ-UBND, issued: %s, issuer: UBND tỉnh Hà Giang}\n", p.issued)
	if len(p.photos) > 0 {
		b.WriteString("images:\n")
		for _, ph := range p.photos {
			if len(ph.alt) > 0 {
				fmt.Fprintf(&b, "  - {file: %s, alt: %s}\n", quote(ph.name), ph.alt.yaml())
			} else {
				fmt.Fprintf(&b, "  - %s\n", quote(ph.name))
			}
		}
	}
	return b.String()
}

func (p *producer) path() string { return "content/producers/" + p.slug + ".yaml" }

func (p *producer) yaml() string {
	return fmt.Sprintf("name: %s\nkind: cooperative\naddress: Xã Lũng Cú\nphone: %s\n", p.name.yaml(), quote(p.phone))
}

func storyPath(slug, lang string) string { return "content/stories/" + slug + "." + lang + ".md" }

func (v *storyVersion) md() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\n", quote(v.title), v.date)
	if len(v.products) > 0 {
		fmt.Fprintf(&b, "products: [%s]\n", strings.Join(v.products, ", "))
	}
	if v.image != "" {
		fmt.Fprintf(&b, "image: %s\n", v.image)
	}
	if v.draft {
		b.WriteString("draft: true\n")
	}
	fmt.Fprintf(&b, "---\n%s\n", v.body)
	return b.String()
}

// write writes a file of the site, returning its path.
func (e *editor) write(p string, data []byte) string {
	e.t.Helper()
	full := filepath.Join(e.dir, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *editor) remove(p string) string {
	e.t.Helper()
	if err := os.Remove(filepath.Join(e.dir, filepath.FromSlash(p))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		e.t.Fatal(err)
	}
	return p
}

func (e *editor) writeAll() {
	e.write("site.yaml", []byte(e.siteYAML()))
	for _, p := range e.producers {
		e.write(p.path(), []byte(p.yaml()))
	}
	for _, p := range e.products {
		e.write(p.path(), []byte(p.yaml()))
	}
	for _, s := range e.stories {
		for l, v := range s.versions {
			e.write(storyPath(s.slug, l), []byte(v.md()))
		}
	}
	for p, data := range e.files {
		e.write(p, data)
	}
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func keys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func (e *editor) product() *product { return e.products[pick(e.r, keys(e.products))] }

// kind is a kind of edit.
type kind struct {
	name   string
	weight int
	do     func() []string
}

func (e *editor) kinds() []kind {
	return []kind{
		{"product.stars", 3, e.productStars},
		{"product.group", 2, e.productGroup},
		{"product.district", 3, e.productDistrict},
		{"product.name", 3, e.productName},
		{"product.translation", 2, e.productTranslation},
		{"product.add", 2, e.productAdd},
		{"product.delete", 1, e.productDelete},
		{"product.rename", 2, e.productRename},
		{"product.certificate", 2, e.productCertificate},
		{"product.producer", 2, e.productProducer},
		{"product.same-status", 1, e.productSameStatus},
		{"photo.add", 2, e.photoAdd},
		{"photo.remove", 2, e.photoRemove},
		{"photo.replace", 3, e.photoReplace},
		{"photo.alt", 2, e.photoAlt},
		{"photo.hidden-name", 1, e.photoHiddenName},
		{"photo.same-status", 1, e.photoSameStatus},
		{"producer.edit", 2, e.producerEdit},
		{"producer.add", 1, e.producerAdd},
		{"producer.delete", 1, e.producerDelete},
		{"producer.rename", 2, e.producerRename},
		{"story.text", 2, e.storyText},
		{"story.date", 2, e.storyDate},
		{"story.products", 2, e.storyProducts},
		{"story.add", 1, e.storyAdd},
		{"story.translate", 2, e.storyTranslate},
		{"story.delete", 1, e.storyDelete},
		{"story.draft", 2, e.storyDraft},
		{"story.picture", 2, e.storyPicture},
		{"site.title", 1, e.siteTitle},
		{"site.district", 1, e.siteDistrict},
		{"site.group", 1, e.siteGroup},
		{"strings", 1, e.interfaceString},
		{"template", 1, e.template},
		{"css", 1, e.styleSheet},
		{"date", 1, e.date},
		{"mistake", 1, e.mistake},
	}
}

// edit makes an edit of the kind named, or of a random kind when name is
// "", and returns its kind and the paths it touched (files written or
// removed, folders made), as a watcher reports them. After a mistake, the
// edit puts it right.
func (e *editor) edit(name string) (string, []string) {
	if e.broken != nil {
		fix := e.broken
		e.broken = nil
		return "repair", e.sorted(fix())
	}
	kinds := e.kinds()
	if name != "" {
		for _, k := range kinds {
			if k.name == name {
				return k.name, e.sorted(k.do())
			}
		}
		e.t.Fatalf("no edit %q", name)
	}
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	n := e.r.IntN(total)
	for _, k := range kinds {
		if n < k.weight {
			return k.name, e.sorted(k.do())
		}
		n -= k.weight
	}
	panic("not reached")
}

// sorted makes the touched paths a watcher's batch: sorted, each once,
// with the folders that were made.
func (e *editor) sorted(ps []string) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p)
		for d := path.Dir(p); d != "." && d != "content"; d = path.Dir(d) {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func (e *editor) productStars() []string {
	p := e.product()
	p.stars = 3 + (p.stars-3+1+e.r.IntN(2))%3
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

func (e *editor) productGroup() []string {
	p := e.product()
	p.group = pick(e.r, e.groups)
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

// productDistrict files a product under another district: its file and
// its photos move to the other folder.
func (e *editor) productDistrict() []string {
	p := e.product()
	d := pick(e.r, e.districts).slug
	if d == p.district {
		return nil
	}
	return e.moveTo(p, d)
}

// moveTo files p under district d: its file and its photos move to the
// other folder.
func (e *editor) moveTo(p *product, d string) []string {
	touched := []string{e.remove(p.path())}
	for _, ph := range p.photos {
		old := "content/products/" + p.district + "/" + ph.name
		data := e.files[old]
		delete(e.files, old)
		touched = append(touched, e.remove(old))
		np := "content/products/" + d + "/" + ph.name
		if _, taken := e.files[np]; taken {
			// Another product there has a photo of that name.
			np = "content/products/" + d + "/" + p.slug + "-" + ph.name
		}
		e.files[np] = data
		touched = append(touched, e.write(np, data))
	}
	for i := range p.photos {
		np := "content/products/" + d + "/" + p.photos[i].name
		if _, ok := e.files[np]; !ok {
			p.photos[i].name = p.slug + "-" + p.photos[i].name
		}
	}
	p.district = d
	return append(touched, e.write(p.path(), []byte(p.yaml())))
}

func (e *editor) productName() []string {
	p := e.product()
	p.name["vi"] = pick(e.r, []string{"Mật ong", "Chè", "Rượu", "Thịt bò khô", "Ớt gió", "Ấm trà"}) + " " + e.fresh("số")
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

func (e *editor) productTranslation() []string {
	p := e.product()
	l := pick(e.r, []string{"en", "zh"})
	if _, ok := p.name[l]; ok {
		delete(p.name, l)
	} else {
		p.name[l] = l + " " + e.fresh("name")
	}
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

func (e *editor) productAdd() []string {
	p := &product{district: pick(e.r, e.districts).slug, slug: e.fresh("san-pham"), name: text{"vi": "Sản phẩm " + e.fresh("mới")},
		stars: 3 + e.r.IntN(3), group: pick(e.r, e.groups), producer: pick(e.r, keys(e.producers)), issued: "2025-0" + fmt.Sprint(1+e.r.IntN(9)) + "-15"}
	e.products[p.slug] = p
	touched := []string{}
	if e.r.IntN(2) == 0 {
		ph := photo{name: p.slug + ".jpg"}
		fp := "content/products/" + p.district + "/" + ph.name
		e.files[fp] = e.jpeg(e.n)
		p.photos = append(p.photos, ph)
		touched = append(touched, e.write(fp, e.files[fp]))
	}
	return append(touched, e.write(p.path(), []byte(p.yaml())))
}

// productDelete deletes a product that no story names, with its photos.
func (e *editor) productDelete() []string {
	var free []string
	for _, slug := range keys(e.products) {
		if !e.named(slug) {
			free = append(free, slug)
		}
	}
	if len(free) <= 1 {
		return e.productAdd()
	}
	p := e.products[pick(e.r, free)]
	delete(e.products, p.slug)
	touched := []string{e.remove(p.path())}
	for _, ph := range p.photos {
		fp := "content/products/" + p.district + "/" + ph.name
		delete(e.files, fp)
		touched = append(touched, e.remove(fp))
	}
	return touched
}

// named reports whether a story names the product.
func (e *editor) named(slug string) bool {
	for _, s := range e.stories {
		for _, v := range s.versions {
			if slices.Contains(v.products, slug) {
				return true
			}
		}
	}
	return false
}

// productRename renames a product's file (its address), and the stories
// that name it.
func (e *editor) productRename() []string {
	p := e.product()
	old := p.slug
	touched := []string{e.remove(p.path())}
	delete(e.products, old)
	p.slug = e.fresh(old[:min(len(old), 8)])
	e.products[p.slug] = p
	touched = append(touched, e.write(p.path(), []byte(p.yaml())))
	for _, s := range e.stories {
		for l, v := range s.versions {
			if i := slices.Index(v.products, old); i >= 0 {
				v.products[i] = p.slug
				touched = append(touched, e.write(storyPath(s.slug, l), []byte(v.md())))
			}
		}
	}
	return touched
}

// productCertificate moves a certificate's date: it may expire, or be
// issued after the build's date, and leave the listings.
func (e *editor) productCertificate() []string {
	p := e.product()
	p.issued = pick(e.r, []string{"2022-01-10", "2023-06-01", "2024-02-29", "2025-12-31", "2026-05-31", "2026-07-01"})
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

func (e *editor) productProducer() []string {
	p := e.product()
	p.producer = pick(e.r, keys(e.producers))
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

// productSameStatus changes a record the way cp -p or rsync -t leave it:
// other bytes, the same size and modification time.
func (e *editor) productSameStatus() []string {
	p := e.product()
	full := filepath.Join(e.dir, filepath.FromSlash(p.path()))
	info, err := os.Stat(full)
	if err != nil {
		e.t.Fatal(err)
	}
	p.stars = map[int]int{3: 4, 4: 5, 5: 3}[p.stars]
	e.write(p.path(), []byte(p.yaml()))
	if err := os.Chtimes(full, info.ModTime(), info.ModTime()); err != nil {
		e.t.Fatal(err)
	}
	return []string{p.path()}
}

func (e *editor) withPhoto() (*product, int) {
	var ps []*product
	for _, slug := range keys(e.products) {
		if len(e.products[slug].photos) > 0 {
			ps = append(ps, e.products[slug])
		}
	}
	if len(ps) == 0 {
		return nil, 0
	}
	p := pick(e.r, ps)
	return p, e.r.IntN(len(p.photos))
}

func (e *editor) photoAdd() []string {
	p := e.product()
	ph := photo{name: e.fresh("anh") + pick(e.r, []string{".jpg", ".svg"})}
	fp := "content/products/" + p.district + "/" + ph.name
	if strings.HasSuffix(ph.name, ".svg") {
		e.files[fp] = svg(fmt.Sprintf("#%06x", e.r.IntN(1<<24)))
	} else {
		e.files[fp] = e.jpeg(e.n)
	}
	p.photos = append(p.photos, ph)
	return []string{e.write(fp, e.files[fp]), e.write(p.path(), []byte(p.yaml()))}
}

func (e *editor) photoRemove() []string {
	p, i := e.withPhoto()
	if p == nil {
		return e.photoAdd()
	}
	fp := "content/products/" + p.district + "/" + p.photos[i].name
	p.photos = slices.Delete(p.photos, i, i+1)
	touched := []string{e.write(p.path(), []byte(p.yaml()))}
	if e.r.IntN(2) == 0 {
		delete(e.files, fp)
		touched = append(touched, e.remove(fp))
	}
	return touched
}

// photoReplace writes other bytes over a photo, under the same name: of
// a product, or the story's picture.
func (e *editor) photoReplace() []string {
	fp := pick(e.r, keys(e.files))
	if strings.HasSuffix(fp, ".svg") {
		e.files[fp] = svg(fmt.Sprintf("#%06x", e.r.IntN(1<<24)))
	} else {
		e.files[fp] = e.jpeg(e.r.IntN(1000))
	}
	return []string{e.write(fp, e.files[fp])}
}

func (e *editor) photoAlt() []string {
	p, i := e.withPhoto()
	if p == nil {
		return e.photoAdd()
	}
	if len(p.photos[i].alt) > 0 && e.r.IntN(3) == 0 {
		p.photos[i].alt = nil
	} else {
		p.photos[i].alt = text{"vi": "Ảnh " + e.fresh("mô tả"), "en": "Photo"}
	}
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

// photoHiddenName gives a product a photo whose name starts with a dot,
// or replaces one.
func (e *editor) photoHiddenName() []string {
	for _, slug := range keys(e.products) {
		p := e.products[slug]
		for _, ph := range p.photos {
			if strings.HasPrefix(ph.name, ".") {
				fp := "content/products/" + p.district + "/" + ph.name
				e.files[fp] = svg(fmt.Sprintf("#%06x", e.r.IntN(1<<24)))
				return []string{e.write(fp, e.files[fp])}
			}
		}
	}
	p := e.product()
	ph := photo{name: "." + e.fresh("an") + ".svg"}
	fp := "content/products/" + p.district + "/" + ph.name
	e.files[fp] = svg("#123456")
	p.photos = append(p.photos, ph)
	return []string{e.write(fp, e.files[fp]), e.write(p.path(), []byte(p.yaml()))}
}

// photoSameStatus writes other bytes of the same length over a drawing
// and puts its modification time back.
func (e *editor) photoSameStatus() []string {
	var svgs []string
	for _, p := range keys(e.files) {
		if strings.HasSuffix(p, ".svg") {
			svgs = append(svgs, p)
		}
	}
	if len(svgs) == 0 {
		return e.photoHiddenName()
	}
	fp := pick(e.r, svgs)
	full := filepath.Join(e.dir, filepath.FromSlash(fp))
	info, err := os.Stat(full)
	if err != nil {
		e.t.Fatal(err)
	}
	old := e.files[fp]
	i := bytes.Index(old, []byte(`fill="#`)) + len(`fill="#`)
	data := slices.Clone(old)
	copy(data[i:i+6], fmt.Sprintf("%06x", e.r.IntN(1<<24)))
	e.files[fp] = data
	e.write(fp, data)
	if err := os.Chtimes(full, info.ModTime(), info.ModTime()); err != nil {
		e.t.Fatal(err)
	}
	return []string{fp}
}

func (e *editor) producerEdit() []string {
	p := e.producers[pick(e.r, keys(e.producers))]
	if e.r.IntN(2) == 0 {
		p.name["vi"] = "HTX " + e.fresh("Thượng Sơn")
	} else {
		p.phone = fmt.Sprintf("0912 %03d %03d", e.r.IntN(1000), e.r.IntN(1000))
	}
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

func (e *editor) producerAdd() []string {
	p := &producer{slug: e.fresh("htx"), name: text{"vi": "HTX " + e.fresh("mới")}, phone: "0219 000 111"}
	e.producers[p.slug] = p
	return []string{e.write(p.path(), []byte(p.yaml()))}
}

// producerDelete deletes a producer no product names.
func (e *editor) producerDelete() []string {
	used := map[string]bool{}
	for _, p := range e.products {
		used[p.producer] = true
	}
	for _, slug := range keys(e.producers) {
		if !used[slug] {
			delete(e.producers, slug)
			return []string{e.remove("content/producers/" + slug + ".yaml")}
		}
	}
	return e.producerAdd()
}

// producerRename renames a producer's file and its products' records.
func (e *editor) producerRename() []string {
	p := e.producers[pick(e.r, keys(e.producers))]
	touched := []string{e.remove(p.path())}
	old := p.slug
	delete(e.producers, old)
	p.slug = e.fresh("htx")
	e.producers[p.slug] = p
	touched = append(touched, e.write(p.path(), []byte(p.yaml())))
	for _, slug := range keys(e.products) {
		if q := e.products[slug]; q.producer == old {
			q.producer = p.slug
			touched = append(touched, e.write(q.path(), []byte(q.yaml())))
		}
	}
	return touched
}

func (e *editor) version() (*story, string, *storyVersion) {
	s := e.stories[pick(e.r, keys(e.stories))]
	l := pick(e.r, keys(s.versions))
	return s, l, s.versions[l]
}

func (e *editor) storyText() []string {
	s, l, v := e.version()
	v.body = pick(e.r, []string{"Một **đoạn** mới.", "Dòng một.\n\nDòng hai.", "- một\n- hai"}) + " " + e.fresh("x")
	if e.r.IntN(2) == 0 {
		v.title = "Chuyện " + e.fresh("mới")
	}
	return []string{e.write(storyPath(s.slug, l), []byte(v.md()))}
}

func (e *editor) storyDate() []string {
	s, l, v := e.version()
	v.date = fmt.Sprintf("2025-%02d-%02d", 1+e.r.IntN(12), 1+e.r.IntN(28))
	return []string{e.write(storyPath(s.slug, l), []byte(v.md()))}
}

func (e *editor) storyProducts() []string {
	s, l, v := e.version()
	if len(v.products) > 0 && e.r.IntN(2) == 0 {
		v.products = v.products[1:]
	} else {
		v.products = append(v.products, e.product().slug)
		slices.Sort(v.products)
		v.products = slices.Compact(v.products)
	}
	return []string{e.write(storyPath(s.slug, l), []byte(v.md()))}
}

func (e *editor) storyAdd() []string {
	s := &story{slug: e.fresh("chuyen"), versions: map[string]*storyVersion{}}
	l := pick(e.r, langs)
	s.versions[l] = &storyVersion{title: "Chuyện " + e.fresh("mới"), date: "2025-12-01", products: []string{e.product().slug}, body: "Mới."}
	e.stories[s.slug] = s
	return []string{e.write(storyPath(s.slug, l), []byte(s.versions[l].md()))}
}

func (e *editor) storyTranslate() []string {
	s := e.stories[pick(e.r, keys(e.stories))]
	for _, l := range langs {
		if _, ok := s.versions[l]; !ok {
			var from *storyVersion
			for _, v := range s.versions {
				from = v
				break
			}
			v := *from
			v.products = slices.Clone(from.products)
			v.title = l + " " + from.title
			s.versions[l] = &v
			return []string{e.write(storyPath(s.slug, l), []byte(v.md()))}
		}
	}
	return e.storyAdd()
}

// storyDelete deletes a story's version in one language, or the story.
func (e *editor) storyDelete() []string {
	s, l, _ := e.version()
	delete(s.versions, l)
	if len(s.versions) == 0 {
		delete(e.stories, s.slug)
	}
	return []string{e.remove(storyPath(s.slug, l))}
}

func (e *editor) storyDraft() []string {
	s, l, v := e.version()
	v.draft = !v.draft
	return []string{e.write(storyPath(s.slug, l), []byte(v.md()))}
}

// storyPicture sets, changes or removes a story's picture.
func (e *editor) storyPicture() []string {
	s, l, v := e.version()
	switch {
	case v.image != "" && e.r.IntN(3) == 0:
		v.image = ""
	case e.r.IntN(2) == 0:
		v.image = "mua-mat.jpg"
	default:
		v.image = e.fresh("hinh") + ".svg"
		fp := "content/stories/" + v.image
		e.files[fp] = svg(fmt.Sprintf("#%06x", e.r.IntN(1<<24)))
		return []string{e.write(fp, e.files[fp]), e.write(storyPath(s.slug, l), []byte(v.md()))}
	}
	return []string{e.write(storyPath(s.slug, l), []byte(v.md()))}
}

func (e *editor) siteTitle() []string {
	e.title["vi"] = "Sản phẩm OCOP " + e.fresh("Hà Giang")
	return []string{e.write("site.yaml", []byte(e.siteYAML()))}
}

func (e *editor) siteDistrict() []string {
	i := e.r.IntN(len(e.districts))
	e.districts[i].name["en"] = "District " + e.fresh("d")
	if e.r.IntN(3) == 0 {
		// The order of the districts, which star pages follow.
		j := e.r.IntN(len(e.districts))
		e.districts[i], e.districts[j] = e.districts[j], e.districts[i]
	}
	return []string{e.write("site.yaml", []byte(e.siteYAML()))}
}

func (e *editor) siteGroup() []string {
	if len(e.groups) < 6 && e.r.IntN(2) == 0 {
		e.groups = append(e.groups, "herbs")
		slices.Sort(e.groups)
		e.groups = slices.Compact(e.groups)
	} else {
		j := e.r.IntN(len(e.groups))
		e.groups[0], e.groups[j] = e.groups[j], e.groups[0]
	}
	return []string{e.write("site.yaml", []byte(e.siteYAML()))}
}

// interfaceString sets or removes the site's own interface string.
func (e *editor) interfaceString() []string {
	const p = "templates/i18n/en.yaml"
	if e.homeText != "" && e.r.IntN(2) == 0 {
		e.homeText = ""
		return []string{e.remove(p)}
	}
	e.homeText = "Start " + e.fresh("here")
	return []string{e.write(p, []byte("nav.home: "+e.homeText+"\n"))}
}

// The site's own templates that the template edit installs: a product
// page showing more, and a bare layout (with a district page to match)
// that shows what the theme's pages show only through their head and
// cards (the feed, the date, a listing's sections without cards), so that
// no recorded read is hidden behind another.
const (
	bareBase = `{{ define "base" }}<!DOCTYPE html><html lang="{{ .Lang.Code }}"><head><meta charset="utf-8"><title>{{ .Title }}</title>` +
		`{{ with feed }}<link rel="alternate" href="{{ . }}">{{ end }}</head><body><p>{{ date today }} · {{ .Site.Current }}{{ with productFeed }} · {{ . }}{{ end }}</p>` +
		`{{ block "main" . }}{{ end }}</body></html>{{ end }}{{ define "csp" }}{{ end }}{{ define "nav" }}{{ end }}{{ define "footer" }}{{ end }}`
	bareDistrict = `{{ template "base" . }}{{ define "main" }}<h1>{{ .Heading }}</h1>` +
		`{{ range byStars .Items }}<h2>{{ .Stars }}</h2><ul>{{ range .Products }}<li>{{ text .Name }}</li>{{ end }}</ul>{{ end }}{{ end }}`
)

// template gives the site its own templates, or takes them away: a
// product template showing the producer's phone and the commune in a new
// place, or the bare layout.
func (e *editor) template() []string {
	const product, base, district = "templates/product.html", "templates/base.html", "templates/district.html"
	touched := []string{e.remove(product), e.remove(base), e.remove(district)}
	switch e.templateText = pick(e.r, []string{"", "product", "bare"}); e.templateText {
	case "product":
		theme, err := fs.ReadFile(ocop.Theme(), product)
		if err != nil {
			e.t.Fatal(err)
		}
		e.write(product, []byte(strings.Replace(string(theme), `<h1>{{ tr .Name }}</h1>`,
			`<h1>{{ tr .Name }}</h1><p class="extra">{{ .Producer.Phone }} · {{ tr .Commune }} · `+e.fresh("v")+`</p>`, 1)))
	case "bare":
		e.bare()
	}
	return touched
}

// bare installs the bare layout.
func (e *editor) bare() {
	e.templateText = "bare"
	e.write("templates/base.html", []byte(bareBase))
	e.write("templates/district.html", []byte(bareDistrict))
}

func (e *editor) styleSheet() []string {
	const p = "static/style.css"
	if e.cssText != "" && e.r.IntN(2) == 0 {
		e.cssText = ""
		return []string{e.remove(p)}
	}
	theme, err := fs.ReadFile(ocop.Theme(), p)
	if err != nil {
		e.t.Fatal(err)
	}
	e.cssText = string(theme) + fmt.Sprintf("\n.x%d{color:#%06x}\n", e.n, e.r.IntN(1<<24))
	return []string{e.write(p, []byte(e.cssText))}
}

// date moves the build's date: certificates expire or come into force.
func (e *editor) date() []string {
	e.now = pick(e.r, []time.Time{
		time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2028, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
	})
	return nil
}

// mistake makes the site wrong, for the next edit to put right: a record
// that names an unknown producer, or a broken YAML file.
func (e *editor) mistake() []string {
	p := e.product()
	path := p.path()
	good := p.yaml()
	if e.r.IntN(2) == 0 {
		e.write(path, []byte(strings.Replace(good, "producer: "+p.producer, "producer: no-such-producer", 1)))
	} else {
		e.write(path, []byte(good+"stars: [\n"))
	}
	e.broken = func() []string { return []string{e.write(path, []byte(good))} }
	return []string{path}
}
