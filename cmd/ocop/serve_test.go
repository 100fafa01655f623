package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/browsertest"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/serve"
	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs ocop serve's loop (server and file watcher) on a copy of
// sitetest.Base and returns the site folder and the server's address.
func startServe(t *testing.T) (dir, url string, stdout, stderr *syncBuffer) {
	t.Helper()
	dir = t.TempDir()
	sitetest.Write(t, dir, sitetest.Base)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url = "http://" + ln.Addr().String()
	srv := serve.New(serve.Options{SiteDir: dir, Theme: ocop.Theme(), BaseURL: url + "/", Now: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)})
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan int)
	go func() { done <- serveSite(ctx, srv, ln, dir, false, diag.Printer{}, stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited with %d", code)
		}
	})
	return dir, url, stdout, stderr
}

// eventually polls url until its body contains want.
func eventually(t *testing.T, url, want string, status int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var body string
	var code int
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			body, code = string(data), resp.StatusCode
			if code == status && strings.Contains(body, want) {
				return body
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s never gave %d with %q; last %d:\n%.400s", url, status, want, code, body)
	return ""
}

func save(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	os.MkdirAll(filepath.Dir(p), 0o755)
	// As many editors do: write a temporary file, then rename it over.
	tmp := filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp")
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

const honeyFile = "content/products/dong-van/mat-ong-bac-ha.yaml"

func honeyYAML(en string) string {
	return `name: {vi: Mật ong bạc hà Lũng Cú, en: ` + en + `, zh: 龙鼓薄荷蜂蜜}
stars: 4
group: food/honey
producer: htx-lung-cu
certificate: {number: 123/QĐ-UBND, issued: 2025-03-01, issuer: UBND tỉnh Hà Giang}
description:
  en: |
    ` + strings.Repeat("A long description of the honey, so that the page scrolls. ", 80) + `
`
}

// waitFor evaluates expr in the page until it is true, across reloads
// (an evaluation cut short by a navigation is tried again).
func waitFor(ctx context.Context, expr string) error {
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return nil
		}
		select {
		case <-ctx.Done():
			if err == nil {
				err = ctx.Err()
			}
			return err
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func TestServeWatchesTheSite(t *testing.T) {
	dir, url, stdout, stderr := startServe(t)
	eventually(t, url+"/en/products/mat-ong-bac-ha/", "Lung Cu Mint Honey", 200)

	// An edit.
	save(t, dir, honeyFile, honeyYAML("Lung Cu Spring Honey"))
	eventually(t, url+"/en/products/mat-ong-bac-ha/", "Lung Cu Spring Honey", 200)
	eventually(t, url+"/en/districts/dong-van/", "Lung Cu Spring Honey", 200)

	// A broken file: the last good page stays, with the error on it.
	save(t, dir, honeyFile, "name: {vi: Hỏng\nstars: 4\n")
	body := eventually(t, url+"/en/products/mat-ong-bac-ha/", "data-errors=", 200)
	if !strings.Contains(body, "Lung Cu Spring Honey") || !strings.Contains(body, "content/products/dong-van/mat-ong-bac-ha.yaml:2:") {
		t.Errorf("the broken site's page:\n%s", body[strings.Index(body, "<script data-fp"):][:300])
	}
	// Fixed: recovered.
	save(t, dir, honeyFile, honeyYAML("Lung Cu Summer Honey"))
	body = eventually(t, url+"/en/products/mat-ong-bac-ha/", "Lung Cu Summer Honey", 200)
	if strings.Contains(body, "data-errors=") {
		t.Error("the errors stayed after the fix")
	}

	// A new product in a new district folder, then deleted.
	save(t, dir, "site.yaml", strings.Replace(strings.Split(strings.Split(sitetest.Base, "-- site.yaml --\n")[1], "-- content/")[0],
		"districts:\n", "districts:\n  - slug: yen-minh\n    name: {vi: Yên Minh, en: Yen Minh, zh: 安明}\n", 1))
	eventually(t, url+"/en/districts/yen-minh/", "Yen Minh", 200)
	save(t, dir, "content/products/yen-minh/ngo-nep.yaml", `name: {vi: Ngô nếp Yên Minh, en: Yen Minh Sticky Corn}
stars: 3
group: food
producer: ho-sung
certificate: {number: 8/QĐ-UBND, issued: 2025-02-02, issuer: UBND tỉnh Hà Giang}
`)
	eventually(t, url+"/en/districts/yen-minh/", "Yen Minh Sticky Corn", 200)
	os.RemoveAll(filepath.Join(dir, "content/products/yen-minh"))
	eventually(t, url+"/en/products/ngo-nep/", "Không tìm thấy trang", 404)

	// A story renamed.
	os.Rename(filepath.Join(dir, "content/stories/che-co-thu.en.md"), filepath.Join(dir, "content/stories/cay-che.en.md"))
	eventually(t, url+"/en/stories/cay-che/", "Ancient tea trees", 200)
	eventually(t, url+"/en/stories/che-co-thu/", "Không tìm thấy trang", 404)

	// A template.
	base, _ := os.ReadFile(filepath.Join("..", "..", "templates", "404.html"))
	save(t, dir, "templates/404.html", strings.Replace(string(base), "<h1>", `<h1 class="changed">`, 1))
	eventually(t, url+"/nowhere/", `class=changed`, 404)

	if !strings.Contains(stdout.String(), "ocop: serving "+url+"/") || !strings.Contains(stdout.String(), "ocop: rebuilt in ") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "content/products/dong-van/mat-ong-bac-ha.yaml:") || !strings.Contains(stderr.String(), "the pages show them") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}

// TestLiveReloadInBrowser opens a product page from ocop serve in headless
// Chromium, edits the product's file, and sees the page change by itself,
// where the reader was; then a bad edit shows the error overlay, and the
// fix takes it away.
func TestLiveReloadInBrowser(t *testing.T) {
	ctx := browsertest.Start(t, browsertest.Options{Width: 400, Height: 700})
	dir, url, _, _ := startServe(t)
	save(t, dir, honeyFile, honeyYAML("Lung Cu Mint Honey"))
	eventually(t, url+"/en/products/mat-ong-bac-ha/", "A long description", 200)

	step, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(step,
		chromedp.Navigate(url+"/en/products/mat-ong-bac-ha/"),
		chromedp.WaitVisible("h1"),
	); err != nil {
		t.Fatal(err)
	}
	h1, err := chromedp.Run(step, chromedp.Text("h1"))
	if err != nil || h1 != "Lung Cu Mint Honey" {
		t.Fatalf("h1 = %q, %v", h1, err)
	}
	// Read down the page, then save a change.
	if _, err := chromedp.Run(step, chromedp.Evaluate[any]("window.scrollTo(0, 900)")); err != nil {
		t.Fatal(err)
	}
	save(t, dir, honeyFile, honeyYAML("Lung Cu Autumn Honey"))
	if err := waitFor(step, `document.querySelector("h1")?.textContent === "Lung Cu Autumn Honey"`); err != nil {
		t.Fatalf("the page did not show the new name by itself: %v", err)
	}
	settled, cancelSettled := context.WithTimeout(step, 5*time.Second)
	defer cancelSettled()
	if err := waitFor(settled, `document.readyState === "complete" && Math.abs(window.scrollY - 900) < 5`); err != nil {
		y, _ := chromedp.Run(step, chromedp.Evaluate[float64]("window.scrollY"))
		t.Errorf("the reload lost the scroll position: scrollY = %v", y)
	}

	// A bad edit: the overlay tells what and where.
	save(t, dir, honeyFile, "name: {vi: Mật ong, en: Honey}\nstars: 9\ngroup: food/honey\nproducer: htx-lung-cu\ncertificate: {number: 1, issued: 2025-01-01, issuer: U}\n")
	if err := waitFor(step, `!!document.getElementById("ocop-errors")`); err != nil {
		t.Fatalf("no error overlay: %v", err)
	}
	overlay, _ := chromedp.Run(step, chromedp.Text("#ocop-errors"))
	if !strings.Contains(overlay, "content/products/dong-van/mat-ong-bac-ha.yaml:2:8: error: stars must be 3, 4 or 5, not 9") {
		t.Errorf("overlay = %q", overlay)
	}
	// The last good page is still there underneath.
	if h1, _ := chromedp.Run(step, chromedp.Text("h1")); h1 != "Lung Cu Autumn Honey" {
		t.Errorf("under the overlay h1 = %q", h1)
	}
	// Fixed: the overlay goes and the change shows.
	save(t, dir, honeyFile, honeyYAML("Lung Cu Winter Honey"))
	if err := waitFor(step, `!document.getElementById("ocop-errors") && document.querySelector("h1")?.textContent === "Lung Cu Winter Honey"`); err != nil {
		t.Fatalf("the fix did not clear the overlay: %v", err)
	}
}
