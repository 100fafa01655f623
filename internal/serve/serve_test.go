package serve

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

var now = time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)

// start builds sitetest.Base in a temporary folder and serves it.
func start(t *testing.T) (string, *Server, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base)
	srv := New(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now})
	if res := srv.Rebuild(nil); res.Diagnostics.HasErrors() {
		t.Fatalf("first build: %v", res.Diagnostics)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return dir, srv, hs
}

func get(t *testing.T, hs *httptest.Server, path string) (int, string, http.Header) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(hs.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func edit(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// pages are the pages of sitetest.Base in each language.
var pages = []string{
	"", "products/mat-ong-bac-ha/", "products/che-shan-tuyet/", "products/banh-tam-giac-mach/", "products/ruou-ngo/",
	"districts/", "districts/dong-van/", "districts/meo-vac/", "stars/", "stars/5/", "stars/4/", "stars/3/",
	"groups/", "groups/food/", "groups/food/honey/", "groups/food/tea/", "groups/beverage/alcohol/",
	"producers/", "producers/htx-lung-cu/", "producers/ho-sung/", "stories/", "stories/mua-mat/", "stories/che-co-thu/",
}

// visitAll asks for every page, so that all are rendered and cached.
func visitAll(t *testing.T, hs *httptest.Server) {
	t.Helper()
	for _, lang := range []string{"vi", "en", "zh"} {
		for _, p := range pages {
			if lang == "zh" && p == "stories/che-co-thu/" {
				continue
			}
			if code, _, _ := get(t, hs, "/"+lang+"/"+p); code != 200 {
				t.Fatalf("/%s/%s: %d", lang, p, code)
			}
		}
	}
	for _, p := range []string{"/", "/sitemap.xml", "/vi/feed.xml"} {
		get(t, hs, p)
	}
}

const honey = "content/products/dong-van/mat-ong-bac-ha.yaml"

func honeyRecord(name string) string {
	return `name: {vi: ` + name + `, en: Lung Cu Mint Honey, zh: 龙鼓薄荷蜂蜜}
stars: 4
group: food/honey
producer: htx-lung-cu
certificate: {number: 123/QĐ-UBND, issued: 2025-03-01, issuer: UBND tỉnh Hà Giang}
images: [honey.svg]
`
}

func inAllLanguages(paths ...string) []string {
	var out []string
	for _, lang := range []string{"en", "vi", "zh"} {
		for _, p := range paths {
			out = append(out, lang+"/"+p+"index.html")
		}
	}
	return out
}

func TestEditRendersOnlyDependentPages(t *testing.T) {
	dir, srv, hs := start(t)
	visitAll(t, hs)
	edit(t, dir, honey, honeyRecord("Mật ong bạc hà Thượng Sơn"))
	res := srv.Rebuild([]string{honey})
	if res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	want := inAllLanguages(
		"", // the home page features it
		"products/mat-ong-bac-ha/",
		"products/che-shan-tuyet/", "products/banh-tam-giac-mach/", // related products
		"districts/dong-van/", "stars/4/", "groups/food/", "groups/food/honey/", "producers/htx-lung-cu/",
		"stories/mua-mat/", // the story that mentions it
	)
	slices.Sort(want)
	got := slices.Clone(res.Rendered)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("re-rendered:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The pages show the new name.
	for _, p := range []string{"/vi/products/mat-ong-bac-ha/", "/vi/districts/dong-van/", "/vi/stories/mua-mat/"} {
		if _, body, _ := get(t, hs, p); !strings.Contains(body, "Mật ong bạc hà Thượng Sơn") {
			t.Errorf("%s does not show the new name", p)
		}
	}
	// A second rebuild with nothing changed renders nothing.
	if res := srv.Rebuild([]string{honey}); len(res.Rendered) != 0 {
		t.Errorf("an unchanged rebuild re-rendered %q", res.Rendered)
	}
}

func TestStructuralChanges(t *testing.T) {
	dir, srv, hs := start(t)
	visitAll(t, hs)
	// A new product in Mèo Vạc appears in its listings and home counts.
	newProduct := "content/products/meo-vac/thang-co.yaml"
	edit(t, dir, newProduct, `name: {vi: Thắng cố Mèo Vạc, en: Meo Vac Thang Co}
stars: 5
group: food
producer: ho-sung
certificate: {number: 5/QĐ-UBND, issued: 2025-05-05, issuer: UBND tỉnh Hà Giang}
`)
	res := srv.Rebuild([]string{newProduct})
	if res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	for _, want := range inAllLanguages("", "districts/", "districts/meo-vac/", "stars/", "stars/5/", "groups/", "groups/food/", "producers/", "producers/ho-sung/") {
		if !slices.Contains(res.Rendered, want) {
			t.Errorf("%s was not re-rendered after a product was added", want)
		}
	}
	if code, body, _ := get(t, hs, "/en/products/thang-co/"); code != 200 || !strings.Contains(body, "Meo Vac Thang Co") {
		t.Errorf("new product page: %d", code)
	}
	if _, body, _ := get(t, hs, "/vi/districts/meo-vac/"); !strings.Contains(body, "Thắng cố Mèo Vạc") {
		t.Error("the district does not list the new product")
	}
	// Deleted, its page is gone.
	os.Remove(filepath.Join(dir, filepath.FromSlash(newProduct)))
	srv.Rebuild([]string{newProduct})
	if code, body, _ := get(t, hs, "/en/products/thang-co/"); code != 404 || !strings.Contains(body, "Không tìm thấy trang") {
		t.Errorf("deleted product: %d", code)
	}
	// A story renamed: the old address is gone, the new one is there.
	old, renamed := "content/stories/che-co-thu.en.md", "content/stories/cay-che.en.md"
	os.Rename(filepath.Join(dir, old), filepath.Join(dir, renamed))
	srv.Rebuild([]string{old, renamed})
	if code, _, _ := get(t, hs, "/en/stories/che-co-thu/"); code != 404 {
		t.Errorf("renamed story, old address: %d", code)
	}
	if code, _, _ := get(t, hs, "/en/stories/cay-che/"); code != 200 {
		t.Errorf("renamed story, new address: %d", code)
	}
	// A template changed: every page served is rendered again.
	edit(t, dir, "templates/partials/footer-note.html", `{{ define "unused" }}{{ end }}`)
	res = srv.Rebuild([]string{"templates/partials/footer-note.html"})
	if len(res.Rendered) < 60 {
		t.Errorf("a template change re-rendered only %d pages", len(res.Rendered))
	}
}

func TestErrorsKeepTheLastGoodSite(t *testing.T) {
	dir, srv, hs := start(t)
	_, before, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/")
	edit(t, dir, honey, "name: [\nstars: 4\n")
	res := srv.Rebuild([]string{honey})
	if !res.Diagnostics.HasErrors() {
		t.Fatal("a broken record gave no error")
	}
	code, body, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/")
	if code != 200 || !strings.Contains(body, "Mật ong bạc hà Lũng Cú") {
		t.Errorf("the last good page is not served: %d", code)
	}
	want := "content/products/dong-van/mat-ong-bac-ha.yaml:3:1: error: YAML syntax: did not find expected &#39;,&#39; or &#39;]&#39;"
	if !strings.Contains(body, "data-errors=") || !strings.Contains(body, want) {
		t.Errorf("the page does not carry the error; want %q in\n%s", want, body[strings.Index(body, "<script data-fp"):])
	}
	if strings.TrimSpace(strings.Split(before, "<script data-fp")[0]) != strings.TrimSpace(strings.Split(body, "<script data-fp")[0]) {
		t.Error("the page changed while the site is broken")
	}
	// Fixed, the errors are gone and the change shows.
	edit(t, dir, honey, honeyRecord("Mật ong đã sửa"))
	if res := srv.Rebuild([]string{honey}); res.Diagnostics.HasErrors() {
		t.Fatal(res.Diagnostics)
	}
	_, body, _ = get(t, hs, "/vi/products/mat-ong-bac-ha/")
	if strings.Contains(body, "data-errors=") || !strings.Contains(body, "Mật ong đã sửa") {
		t.Error("the fixed site is not served")
	}
	// A template that fails on a page: the page says why, with status 500.
	edit(t, dir, "templates/story.html", `{{ template "base" . }}{{ define "main" }}{{ .Story.Nope }}{{ end }}`)
	srv.Rebuild([]string{"templates/story.html"})
	code, body, _ = get(t, hs, "/vi/stories/mua-mat/")
	if code != 500 || !strings.Contains(body, "templates/story.html:1:52: ") || !strings.Contains(body, "can&#39;t evaluate field Nope") {
		t.Errorf("failing template: %d\n%s", code, body)
	}
}

// events reads server-sent events into a channel.
func events(t *testing.T, hs *httptest.Server, path, fp string) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", hs.URL+"/_ocop/events?path="+path+"&fp="+fp, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	out := make(chan string, 16)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && ev != "":
				out <- ev + " " + strings.TrimPrefix(line, "data: ")
				ev = ""
			}
		}
	}()
	return out
}

func nextEvent(t *testing.T, c <-chan string) string {
	t.Helper()
	select {
	case e := <-c:
		return e
	case <-time.After(5 * time.Second):
		t.Fatal("no event")
		return ""
	}
}

func fingerprintOf(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, `data-fp="`)
	if i < 0 {
		t.Fatal("no reload script in the page")
	}
	rest := body[i+len(`data-fp="`):]
	return rest[:strings.IndexByte(rest, '"')]
}

func TestLiveReloadEvents(t *testing.T) {
	dir, srv, hs := start(t)
	_, body, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/")
	fp := fingerprintOf(t, body)
	page := events(t, hs, "/vi/products/mat-ong-bac-ha/", fp)
	_, other, _ := get(t, hs, "/vi/districts/meo-vac/")
	unrelated := events(t, hs, "/vi/districts/meo-vac/", fingerprintOf(t, other))
	for srv.Clients() < 2 {
		time.Sleep(10 * time.Millisecond)
	}
	edit(t, dir, honey, honeyRecord("Mật ong mới"))
	srv.Rebuild([]string{honey})
	if e := nextEvent(t, page); e != "reload " {
		t.Errorf("event = %q, want reload", e)
	}
	select {
	case e := <-unrelated:
		t.Errorf("an unrelated page got %q", e)
	case <-time.After(100 * time.Millisecond):
	}
	// Errors go to every page; the fix clears them.
	edit(t, dir, honey, "stars: 9\n")
	srv.Rebuild([]string{honey})
	if e := nextEvent(t, unrelated); !strings.HasPrefix(e, "errors [") || !strings.Contains(e, "stars must be 3, 4 or 5, not 9") {
		t.Errorf("event = %q, want errors", e)
	}
	edit(t, dir, honey, honeyRecord("Mật ong mới"))
	srv.Rebuild([]string{honey})
	if e := nextEvent(t, unrelated); e != "ok {}" {
		t.Errorf("event = %q, want ok", e)
	}
	// A page loaded before a change (or before a restart) reloads as soon as
	// it connects.
	stale := events(t, hs, "/vi/products/mat-ong-bac-ha/", fp)
	if e := nextEvent(t, stale); e != "reload " {
		t.Errorf("stale page: event = %q, want reload", e)
	}
	// A stylesheet change swaps the stylesheet instead of reloading.
	_, body, _ = get(t, hs, "/vi/")
	home := events(t, hs, "/vi/", fingerprintOf(t, body))
	for srv.Clients() < 4 {
		time.Sleep(10 * time.Millisecond)
	}
	css, _ := os.ReadFile(filepath.Join("..", "..", "static", "style.css"))
	edit(t, dir, "static/style.css", string(css)+"\nbody{color:#000}\n")
	srv.Rebuild([]string{"static/style.css"})
	if e := nextEvent(t, home); !strings.HasPrefix(e, `css {"/assets/style.css":"/assets/style.`) {
		t.Errorf("event = %q, want css", e)
	}
}

func TestSafeServing(t *testing.T) {
	dir, _, hs := start(t)
	edit(t, dir, "../secret.txt", "secret")
	for _, p := range []string{"/../secret.txt", "/%2e%2e/secret.txt", "/vi/../../secret.txt", "/..%2fsecret.txt", "/content/products/dong-van/mat-ong-bac-ha.yaml", "/site.yaml"} {
		code, body, _ := get(t, hs, p)
		if code == 200 || strings.Contains(body, "secret") || strings.Contains(body, "certificate:") {
			t.Errorf("%s: %d %q", p, code, body[:min(len(body), 80)])
		}
	}
	if code, _, _ := get(t, hs, "/vi\\..\\secret.txt"); code != 400 {
		t.Errorf("backslash path: %d", code)
	}
	for p, want := range map[string]string{
		"/vi/":         "text/html; charset=utf-8",
		"/sitemap.xml": "application/xml; charset=utf-8",
		"/robots.txt":  "text/plain; charset=utf-8",
	} {
		if _, _, h := get(t, hs, p); h.Get("Content-Type") != want {
			t.Errorf("%s: Content-Type %q, want %q", p, h.Get("Content-Type"), want)
		}
	}
	_, body, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/")
	img := body[strings.Index(body, "/media/honey."):]
	img = img[:strings.IndexAny(img, " \">")]
	// A photo replaced by a link out of the site after the build is refused.
	photo := filepath.Join(dir, "content/products/dong-van/honey.svg")
	svg, _ := os.ReadFile(photo)
	os.Remove(photo)
	if err := os.Symlink(filepath.Join(dir, "..", "secret.txt"), photo); err != nil {
		t.Skip(err)
	}
	if code, body, _ := get(t, hs, img); code == 200 || strings.Contains(body, "secret") {
		t.Errorf("a symlinked photo was served: %d", code)
	}
	os.Remove(photo)
	os.WriteFile(photo, svg, 0o644)
	if code, _, h := get(t, hs, img); code != 200 || h.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("%s: %d %s", img, code, h.Get("Content-Type"))
	}
	code, body, _ := get(t, hs, "/nowhere/")
	if code != 404 || !strings.Contains(body, "Không tìm thấy trang") {
		t.Errorf("missing page: %d", code)
	}
	if code, _, h := get(t, hs, "/vi/products/che-shan-tuyet"); code != 301 || h.Get("Location") != "/vi/products/che-shan-tuyet/" {
		t.Errorf("no final slash: %d %s", code, h.Get("Location"))
	}
	resp, err := http.Post(hs.URL+"/vi/", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestServeWithoutAGoodSite(t *testing.T) {
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base+"-- content/producers/bad.yaml --\nname: [\n")
	srv := New(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now})
	srv.Rebuild(nil)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	code, body, _ := get(t, hs, "/vi/")
	if code != 503 || !strings.Contains(body, "content/producers/bad.yaml:2:1") {
		t.Errorf("no good site yet: %d\n%s", code, body)
	}
	os.Remove(filepath.Join(dir, "content/producers/bad.yaml"))
	srv.Rebuild([]string{"content/producers/bad.yaml"})
	if code, _, _ := get(t, hs, "/vi/"); code != 200 {
		t.Errorf("after the fix: %d", code)
	}
}

func TestRequestsDuringRebuilds(t *testing.T) {
	dir, srv, hs := start(t)
	stop := make(chan struct{})
	done := make(chan struct{})
	for w := 0; w < 4; w++ {
		go func() {
			defer func() { done <- struct{}{} }()
			paths := []string{"/vi/products/mat-ong-bac-ha/", "/en/districts/dong-van/", "/zh/", "/vi/stories/mua-mat/", "/sitemap.xml", "/en/groups/food/"}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(hs.URL + paths[i%len(paths)])
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Errorf("%s: %d", paths[i%len(paths)], resp.StatusCode)
				}
			}
		}()
	}
	for i := range 30 {
		name := "Mật ong " + strings.Repeat("x", i)
		edit(t, dir, honey, honeyRecord(name))
		if i%5 == 4 {
			edit(t, dir, "content/products/dong-van/honey.svg", `<svg xmlns="http://www.w3.org/2000/svg" width="`+strconv.Itoa(80+i)+`" height="60"/>`)
			srv.Rebuild([]string{honey, "content/products/dong-van/honey.svg"})
			continue
		}
		srv.Rebuild([]string{honey})
	}
	close(stop)
	for range 4 {
		<-done
	}
}
