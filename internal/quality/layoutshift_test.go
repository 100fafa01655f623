package quality

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/hagiang-ocop/ocop/internal/browsertest"
)

// imageExts are the files slowImages holds back: pictures.
var imageExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".avif": true, ".webp": true, ".gif": true, ".svg": true}

// slowImages serves the site, each picture only after wait returns (a
// delay, or a gate a test opens), as over a slow mountain network where
// the text arrives long before the photos. With trickle set, the pages
// themselves come in pieces of a kilobyte, that long apart, so that the
// browser shows each part before the rest has arrived. It counts the
// pictures held back.
func slowImages(t *testing.T, wait func(r *http.Request), trickle time.Duration) (string, *atomic.Int64) {
	t.Helper()
	site := siteHandler()
	var held atomic.Int64
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Nothing from the browser's cache: every page waits for its
		// pictures.
		w.Header().Set("Cache-Control", "no-store")
		ext := strings.ToLower(path.Ext(r.URL.Path))
		if imageExts[ext] {
			held.Add(1)
			wait(r)
		}
		if trickle > 0 && (ext == "" || ext == ".html") {
			w = trickleWriter{w, trickle}
		}
		site.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return hs.URL, &held
}

// trickleWriter sends what is written to it a kilobyte at a time, each
// piece flushed to the network and followed by a pause.
type trickleWriter struct {
	http.ResponseWriter
	pause time.Duration
}

func (w trickleWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := min(len(p), 1024)
		m, err := w.ResponseWriter.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		http.NewResponseController(w.ResponseWriter).Flush()
		time.Sleep(w.pause)
		p = p[k:]
	}
	return n, nil
}

// shiftPages are the pages the buyers see most, of each main kind, with a
// photo (JPEG and AVIF: the oranges; a PNG made JPEG and AVIF: the
// terraces), with a drawing (SVG: the tea), and without any (the sausage):
// the products, the listings that show them as cards (district, star
// level, group, producer), the home page and a story.
var shiftPages = []string{
	"/vi/products/cam-sanh-bac-quang/",
	"/vi/products/du-lich-cong-dong-nam-hong/",
	"/vi/products/che-xanh-shan-tuyet-phin-ho/",
	"/vi/products/lap-xuong-hai-khang/",
	"/vi/districts/bac-quang/",
	"/vi/stars/4/",
	"/vi/groups/food/fresh/",
	"/vi/producers/cong-ty-co-phan-nong-san-bac-quang/",
	"/vi/",
	"/en/districts/hoang-su-phi/",
	"/vi/stories/mua-che-xuan-phin-ho/",
}

// settleJS waits until every picture in the window has loaded, or failed,
// then for two frames to be painted; it gives "" or what is still
// missing after 20 s.
const settleJS = `async function settle() {
	const deadline = performance.now() + 20000;
	for (;;) {
		const pending = [...document.images].filter(i => {
			if (i.complete) return false;
			const r = i.getBoundingClientRect();
			return r.bottom > 0 && r.top < innerHeight && r.width > 0;
		});
		if (pending.length === 0) break;
		if (performance.now() > deadline) return "still loading: " + pending.map(i => i.currentSrc || i.src).join(" ");
		await new Promise(r => setTimeout(r, 25));
	}
	await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
	return "";
}`

// shiftsJS sums up the layout shifts of the page so far (those not caused
// by input), from a PerformanceObserver given the buffered entries, with
// the elements that moved.
const shiftsJS = `function shifts() {
	return new Promise(resolve => {
		const seen = [];
		const po = new PerformanceObserver(list => seen.push(...list.getEntries()));
		po.observe({type: "layout-shift", buffered: true});
		setTimeout(() => {
			seen.push(...po.takeRecords());
			po.disconnect();
			let cls = 0;
			const moved = [];
			for (const e of seen) {
				if (e.hadRecentInput) continue;
				cls += e.value;
				for (const s of e.sources || []) {
					const n = s.node;
					const name = !n ? "?" : n.nodeType === 1 ? n.tagName.toLowerCase() + (n.className ? "." + String(n.className).replace(/ /g, ".") : "") : n.nodeName;
					moved.push(name + " " + JSON.stringify([s.previousRect.y, s.currentRect.y, s.previousRect.height, s.currentRect.height]));
				}
			}
			resolve({cls, entries: seen.length, moved});
		}, 200);
	});
}`

// phone starts Chromium with a phone's screen, 375 × 812 CSS pixels.
func phone(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Start(t, browsertest.Options{Width: 375, Height: 812})
}

type shiftReport struct {
	CLS     float64
	Entries int
	Moved   []string
}

// TestNoLayoutShift loads the main kinds of page on a phone's screen
// (375 × 812) as a slow network brings them, the page a kilobyte at a
// time and every picture held back 300 ms: nothing on them moves while
// they arrive and load, nor while a reader scrolls through them and the
// lazy photos below come in. (TestNoHorizontalOverflow checks that none
// is wider than the screen.) The cumulative layout
// shift (Chromium's PerformanceObserver, buffered) must be 0: every
// photo's box, and the placeholder's, is reserved by its width and height
// and the style sheet's aspect-ratio before it arrives.
func TestNoLayoutShift(t *testing.T) {
	base, held := slowImages(t, func(*http.Request) { time.Sleep(300 * time.Millisecond) }, 40*time.Millisecond)
	ctx := phone(t)
	for _, p := range shiftPages {
		before := held.Load()
		if err := open(ctx, base+p); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		var out struct {
			Missing       string
			Load, Scroll  shiftReport
			Images, Lazy  int
			Pictures, Max int
			Width         int
		}
		expr := `(async () => {` + settleJS + shiftsJS + `
			const out = {Images: document.images.length, Lazy: document.querySelectorAll("img[loading=lazy]").length,
				Pictures: document.querySelectorAll("picture").length, Width: innerWidth};
			out.Missing = await settle();
			out.Load = await shifts();
			// Then through the page, a screen at a time: the lazy photos
			// come in below.
			for (let y = innerHeight / 2; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
				scrollTo(0, y);
				out.Missing = out.Missing || await settle();
			}
			out.Max = document.documentElement.scrollHeight;
			out.Scroll = await shifts();
			return JSON.stringify(out);
		})()`
		if err := eval(ctx, expr, &out); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if out.Width != 375 {
			t.Fatalf("%s: the window is %d px wide, not a phone's 375", p, out.Width)
		}
		if out.Missing != "" {
			t.Errorf("%s: %s", p, out.Missing)
		}
		t.Logf("%s: %d pictures (%d <picture>, %d lazy), %d held back 300 ms; layout shift %.4f at load, %.4f after scrolling %d px",
			p, out.Images, out.Pictures, out.Lazy, held.Load()-before, out.Load.CLS, out.Scroll.CLS, out.Max)
		if held.Load() == before {
			t.Errorf("%s: no picture was held back: is the test still slowing them?", p)
		}
		if out.Scroll.CLS != 0 || out.Load.CLS != 0 {
			t.Errorf("%s: layout shift %.4f while loading, %.4f in all (%d entries); what moved (y before, after; height before, after): %q",
				p, out.Load.CLS, out.Scroll.CLS, out.Scroll.Entries, out.Scroll.Moved)
		}
	}
}

// TestPhotoArrives holds a product's photo back until the page is shown,
// then lets it in: the text beside and below it is where it was, and the
// photo's box is the size it was kept at. With OCOP_SCREENSHOTS set to a
// folder, the screen before and after (375 px wide) is saved there as
// product-375-before.png and product-375-after.png.
func TestPhotoArrives(t *testing.T) {
	gate := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(gate) }) }
	t.Cleanup(release)
	base, _ := slowImages(t, func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/media/") {
			<-gate
		}
	}, 0)
	ctx := phone(t)
	const product = "/vi/products/cam-sanh-bac-quang/"
	// Navigate without waiting for the load event, which waits for the
	// photo.
	step, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	err := chromedp.Do(step, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: base + product})
		return err
	}), chromedp.WaitVisible(".facts"))
	if err != nil {
		t.Fatal(err)
	}
	type box struct{ Top, Height float64 }
	type layout struct {
		Photo                   box
		Loaded                  bool
		Src                     string
		Heading, Facts, Contact box
	}
	measure := func() layout {
		var l layout
		err := eval(ctx, `(() => {
			const box = sel => { const r = document.querySelector(sel).getBoundingClientRect(); return {Top: r.top + scrollY, Height: r.height}; };
			const img = document.querySelector(".gallery img");
			return JSON.stringify({Photo: box(".gallery img"), Loaded: img.complete && img.naturalWidth > 0, Src: img.currentSrc,
				Heading: box("h1"), Facts: box(".facts"), Contact: box(".contact")});
		})()`, &l)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	shot := func(name string) {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("OCOP_SCREENSHOTS"); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	before := measure()
	if before.Loaded {
		t.Fatal("the photo loaded while it was held back")
	}
	shot("product-375-before.png")
	release()
	var done string
	if err := eval(ctx, `(async () => {`+settleJS+` return JSON.stringify(await settle()); })()`, &done); err != nil {
		t.Fatal(err)
	}
	if done != "" {
		t.Fatal(done)
	}
	after := measure()
	shot("product-375-after.png")
	if !after.Loaded || !strings.HasSuffix(after.Src, ".avif") {
		t.Errorf("after: the photo shown is %q (loaded %v), want an AVIF size", after.Src, after.Loaded)
	}
	if before.Photo.Height < 100 || fmt.Sprint(before.Photo) != fmt.Sprint(after.Photo) ||
		before.Heading != after.Heading || before.Facts != after.Facts || before.Contact != after.Contact {
		t.Errorf("the page moved when its photo came:\nbefore %+v\nafter  %+v", before, after)
	}
}
