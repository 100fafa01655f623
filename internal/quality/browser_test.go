package quality

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/hagiang-ocop/ocop/internal/browsertest"
)

// widths are a phone's and a desktop's.
var widths = []struct {
	name          string
	width, height int
}{{"phone", 375, 812}, {"desktop", 1280, 900}}

// open navigates to the page and waits for it to be loaded.
func open(ctx context.Context, u string) error {
	step, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return chromedp.Do(step, chromedp.Navigate(u), chromedp.WaitReady("body"))
}

// eval evaluates expr in the page and decodes its JSON value into v.
func eval(ctx context.Context, expr string, v any) error {
	step, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	s, err := chromedp.Run(step, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(s), v)
}

// TestAccessibility runs axe-core on every kind of page, in each language,
// at a phone's and a desktop's width: not one violation. It also records
// every request the pages make: none leaves the site.
func TestAccessibility(t *testing.T) {
	axe := tool("axe-core/axe.min.js")
	need(t, "axe-core", "run npm ci", axe != "")
	script, err := os.ReadFile(axe)
	if err != nil {
		t.Fatal(err)
	}
	base := serveSite(t)
	host := mustHost(t, base)
	for _, w := range widths {
		t.Run(w.name, func(t *testing.T) {
			ctx := browsertest.Start(t, browsertest.Options{Width: w.width, Height: w.height})
			var mu sync.Mutex
			var foreign []string
			err := chromedp.Listen(ctx, func(ev any) {
				if e, ok := ev.(*network.EventRequestWillBeSent); ok {
					if u, err := url.Parse(e.Request.URL); err == nil && u.Host != host && u.Scheme != "data" {
						mu.Lock()
						foreign = append(foreign, e.Request.URL)
						mu.Unlock()
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				t.Fatal(err)
			}
			// Every page carries a Content Security Policy that lets no
			// inline script, inline style sheet or other site's resource
			// in: what it blocks on the pages is recorded, and must be
			// nothing.
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
				Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")))`,
			}); err != nil {
				t.Fatal(err)
			}
			blocked := func() []string {
				var v []string
				if err := eval(ctx, `JSON.stringify(window.__csp || ["no policy listener"])`, &v); err != nil {
					t.Fatalf("reading the policy's reports: %v", err)
				}
				return v
			}
			type violation struct {
				ID, Impact, Help string
				Nodes            []struct{ Target []string }
			}
			run := func(page string) []violation {
				var violations []violation
				expr := string(script) + `;axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`
				if err := eval(ctx, expr, &violations); err != nil {
					t.Fatalf("%s: running axe: %v", page, err)
				}
				return violations
			}
			// First, that axe finds what it should: a page with a picture
			// without alt text and no language.
			if err := open(ctx, base+"/vi/"); err != nil {
				t.Fatal(err)
			}
			if err := eval(ctx, `(() => { document.documentElement.removeAttribute("lang"); document.body.append(Object.assign(document.createElement("img"), {src: "/assets/x.png"})); return "true" })()`, new(bool)); err != nil {
				t.Fatal(err)
			}
			if v := run("a broken page"); len(v) < 2 {
				t.Fatalf("axe found %d violations on a page made to fail", len(v))
			}
			// And that the policy blocks, and is heard: an inline script
			// added to a page does not run.
			var ran bool
			if err := eval(ctx, `(() => { const s = document.createElement("script"); s.textContent = "window.__ran = true"; document.body.append(s); return new Promise(r => setTimeout(() => r(JSON.stringify(!!window.__ran)), 50)) })()`, &ran); err != nil {
				t.Fatal(err)
			}
			if v := blocked(); ran || len(v) == 0 {
				t.Fatalf("an inline script added to a page ran (%v) or was not reported (%q): is the Content Security Policy gone?", ran, v)
			}
			for _, page := range mainPages() {
				if err := open(ctx, base+page); err != nil {
					t.Fatalf("%s: %v", page, err)
				}
				if v := blocked(); len(v) > 0 {
					t.Errorf("%s (%s): the Content Security Policy blocked %q", page, w.name, v)
				}
				violations := run(page)
				for _, v := range violations {
					var where []string
					for _, n := range v.Nodes {
						where = append(where, strings.Join(n.Target, " "))
					}
					t.Errorf("%s (%s): %s [%s, %s] at %s", page, w.name, v.Help, v.ID, v.Impact, strings.Join(where, "; "))
				}
			}
			mu.Lock()
			defer mu.Unlock()
			if len(foreign) > 0 {
				t.Errorf("pages loaded resources from other sites: %q", foreign)
			}
		})
	}
}

func mustHost(t *testing.T, base string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// TestKeyboard tabs through a product page: every link and button is
// reached, in order, and shows that it has the focus.
func TestKeyboard(t *testing.T) {
	base := serveSite(t)
	ctx := browsertest.Start(t, browsertest.Options{})
	for _, page := range []string{"/vi/products/che-xanh-shan-tuyet-phin-ho/", "/en/districts/dong-van/", "/zh/"} {
		if err := open(ctx, base+page); err != nil {
			t.Fatal(err)
		}
		var focusable int
		if err := eval(ctx, `JSON.stringify(document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])").length)`, &focusable); err != nil {
			t.Fatal(err)
		}
		reached := map[string]bool{}
		for i := 0; i < focusable+2; i++ {
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
				t.Fatal(err)
			}
			var el struct {
				ID      string
				Visible bool
			}
			// The focused element, and whether it shows the focus: an
			// outline or a box shadow.
			err := eval(ctx, `(() => {
				const e = document.activeElement;
				if (!e || e === document.body) return JSON.stringify({ID: "", Visible: true});
				const s = getComputedStyle(e);
				const visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
				const all = [...document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])")];
				return JSON.stringify({ID: String(all.indexOf(e)) + " " + e.tagName + " " + (e.getAttribute("href") || e.textContent.trim().slice(0, 30)), Visible: visible});
			})()`, &el)
			if err != nil {
				t.Fatal(err)
			}
			if el.ID == "" {
				continue
			}
			if !el.Visible {
				t.Errorf("%s: %s has the focus but does not show it", page, el.ID)
			}
			reached[el.ID] = true
		}
		if len(reached) < focusable {
			t.Errorf("%s: tabbing reached %d of %d focusable elements", page, len(reached), focusable)
		}
	}
}

// TestWithoutJavaScript browses from the home page to a district, a
// product and its producer with JavaScript off; on the main pages nothing
// that only a script would show (the shortlist's buttons and link, the
// print button) is shown, nor takes room.
func TestWithoutJavaScript(t *testing.T) {
	base := serveSite(t)
	ctx := browsertest.Start(t, browsertest.Options{NoJavaScript: true})
	for _, page := range mainPages() {
		if err := open(ctx, base+page); err != nil {
			t.Fatal(err)
		}
		var shown []string
		if err := eval(ctx, `JSON.stringify(`+shownHiddenJS(true)+`)`, &shown); err != nil {
			t.Fatal(err)
		}
		if len(shown) > 0 {
			t.Errorf("%s without JavaScript shows what only a script should: %q", page, shown)
		}
	}
	steps := []struct{ link, heading string }{
		{`a[href="/vi/districts/hoang-su-phi/"]`, "Hoàng Su Phì"},
		{`main a[href="/vi/products/che-xanh-shan-tuyet-phin-ho/"]`, "Trà xanh Shan tuyết Phìn Hồ"},
		{`main a[href="/vi/producers/htx-che-bien-che-phin-ho/"]`, "Hợp tác xã Chế biến chè Phìn Hồ"},
	}
	if err := open(ctx, base+"/vi/"); err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		step, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(step, chromedp.Click(s.link, chromedp.NodeVisible), chromedp.WaitReady("h1"))
		cancel()
		if err != nil {
			t.Fatalf("following %s: %v", s.link, err)
		}
		var h1 string
		time.Sleep(200 * time.Millisecond)
		if err := eval(ctx, `JSON.stringify(document.querySelector("h1").textContent.trim())`, &h1); err != nil {
			t.Fatal(err)
		}
		if h1 != s.heading {
			t.Errorf("after %s the page is %q, want %q", s.link, h1, s.heading)
		}
	}
}

// TestNoHorizontalOverflow loads the main pages on a phone's screen (375
// px wide): none is wider than the screen, and nothing marked hidden is
// shown (the shortlist is empty: its tools are hidden).
func TestNoHorizontalOverflow(t *testing.T) {
	base := serveSite(t)
	ctx := phone(t)
	for _, page := range mainPages() {
		if err := open(ctx, base+page); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Width, Screen int
			Shown         []string
		}
		if err := eval(ctx, `JSON.stringify({Width: document.documentElement.scrollWidth, Screen: innerWidth, Shown: `+shownHiddenJS(false)+`})`, &got); err != nil {
			t.Fatal(err)
		}
		if got.Screen != 375 {
			t.Fatalf("%s: the screen is %d px wide, not a phone's 375", page, got.Screen)
		}
		if got.Width > got.Screen {
			t.Errorf("%s is %d px wide on a %d px screen", page, got.Width, got.Screen)
		}
		if len(got.Shown) > 0 {
			t.Errorf("%s shows what is marked hidden: %q", page, got.Shown)
		}
	}
}

// shownHiddenJS is a script listing the elements marked hidden that are
// shown all the same (a class's display winning over the attribute's);
// those whose room is kept, invisible, for a script are not shown, unless
// roomToo.
func shownHiddenJS(roomToo bool) string {
	return fmt.Sprintf(`[...document.querySelectorAll("[hidden]")].filter(e => {
	const s = getComputedStyle(e);
	return s.display !== "none" && (%t || s.visibility !== "hidden");
}).map(e => e.tagName.toLowerCase() + "." + e.className + " " + e.textContent.trim().slice(0, 30))`, roomToo)
}

// TestScreenshots takes screenshots of the main pages at a phone's and a
// desktop's width into the folder OCOP_SCREENSHOTS names; without it, it
// does nothing.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("OCOP_SCREENSHOTS")
	if dir == "" {
		t.Skip("set OCOP_SCREENSHOTS to a folder to take screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	base := serveSite(t)
	for _, w := range widths {
		ctx := browsertest.Start(t, browsertest.Options{Width: w.width, Height: w.height})
		for _, page := range mainPages() {
			if err := open(ctx, base+page); err != nil {
				t.Fatal(err)
			}
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
			if err != nil {
				t.Fatal(err)
			}
			name := strings.Trim(strings.ReplaceAll(page, "/", "_"), "_")
			if name == "" {
				name = "root"
			}
			p := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w.width))
			if err := os.WriteFile(p, png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}
