package serve

import (
	"context"
	"html"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/browsertest"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// startIn is start with the overlay in the editor's language lang.
func startIn(t *testing.T, lang string) (string, *Server, *httptest.Server) {
	t.Helper()
	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base)
	srv := New(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now, Lang: lang})
	if res := srv.Rebuild(nil); res.Diagnostics.HasErrors() {
		t.Fatalf("first build: %v", res.Diagnostics)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		// A browser's page keeps its events open: close them too.
		hs.CloseClientConnections()
		hs.Close()
	})
	return dir, srv, hs
}

// The error of a product with 9 stars, as the overlay lists it.
var nineStars = map[string]string{
	"vi": "content/products/dong-van/mat-ong-bac-ha.yaml:2:8: lỗi: số sao (stars) phải là 3, 4 hoặc 5, không phải 9 (5 sao là hạng cao nhất)",
	"en": "content/products/dong-van/mat-ong-bac-ha.yaml:2:8: error: stars must be 3, 4 or 5, not 9 (5 stars is the highest rating)",
}

// TestOverlayLanguage: the errors a served page carries for its overlay,
// and the page shown when there is no good site yet, are in the editor's
// language; the script is told which, for the overlay's own words.
func TestOverlayLanguage(t *testing.T) {
	for _, lang := range []string{"vi", "en"} {
		dir, srv, hs := startIn(t, lang)
		edit(t, dir, honey, strings.Replace(honeyRecord("Mật ong"), "stars: 4", "stars: 9", 1))
		srv.Rebuild([]string{honey})
		_, body, _ := get(t, hs, "/vi/products/mat-ong-bac-ha/")
		if !strings.Contains(body, `data-lang="`+lang+`"`) || !strings.Contains(html.UnescapeString(body), nineStars[lang]) {
			t.Errorf("%s: the page's script lacks the language or the error:\n%s", lang, body[strings.Index(body, "<script data-fp"):])
		}
	}

	dir := t.TempDir()
	sitetest.Write(t, dir, sitetest.Base+"-- content/producers/bad.yaml --\nname: {vi: A\n")
	srv := New(Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: "http://127.0.0.1/", Now: now, Lang: "vi"})
	srv.Rebuild(nil)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	code, body, _ := get(t, hs, "/vi/")
	for _, want := range []string{
		`<html lang="vi">`, "<title>ocop: lỗi</title>", "<h1>Chưa hiển thị được trang</h1>", "<p>Hãy sửa các lỗi dưới đây; trang này sẽ tự cập nhật.</p>",
		"content/producers/bad.yaml:2:1: lỗi: sai cú pháp YAML: không thấy dấu &#34;,&#34; hoặc &#34;}&#34; ở chỗ cần có",
	} {
		if code != 503 || !strings.Contains(body, want) {
			t.Errorf("no good site yet: %d, want %q in\n%s", code, want, body)
		}
	}
}

// TestOverlayLanguageInBrowser: the overlay's title is in the editor's
// language too.
func TestOverlayLanguageInBrowser(t *testing.T) {
	ctx := browsertest.Start(t, browsertest.Options{Width: 800, Height: 600})
	for lang, title := range map[string]string{
		"vi": "ocop: 1 lỗi — hãy sửa tệp, trang này sẽ tự cập nhật; trong lúc chờ, trang vẫn hiện bản đúng gần nhất.",
		"en": "ocop: 1 problem — fix the file and this page updates by itself; until then it shows the last good version.",
	} {
		dir, srv, hs := startIn(t, lang)
		edit(t, dir, honey, strings.Replace(honeyRecord("Mật ong"), "stars: 4", "stars: 9", 1))
		srv.Rebuild([]string{honey})
		step, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(step, chromedp.Navigate(hs.URL+"/vi/products/mat-ong-bac-ha/"), chromedp.WaitVisible("#ocop-errors"))
		if err != nil {
			cancel()
			t.Fatalf("%s: %v", lang, err)
		}
		text, _ := chromedp.Run(step, chromedp.Text("#ocop-errors"))
		label, _ := chromedp.Run(step, chromedp.Evaluate[string](`document.querySelector("#ocop-errors button").getAttribute("aria-label")`))
		chromedp.Do(step, chromedp.Navigate("about:blank"))
		cancel()
		if !strings.Contains(text, title) || !strings.Contains(text, nineStars[lang]) {
			t.Errorf("%s: the overlay says\n%s\nwant %q and %q", lang, text, title, nineStars[lang])
		}
		if want := map[string]string{"vi": "Ẩn", "en": "Hide"}[lang]; label != want {
			t.Errorf("%s: the button is labelled %q, want %q", lang, label, want)
		}
	}
}
