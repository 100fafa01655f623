package quality

import (
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/browsertest"
)

// TestSearchLatency measures, in headless Chromium, how long results take
// to appear after a keystroke on the built site OCOP_SEARCH_SITE names
// (docs/performance.md has the figures for the 16,000-product catalogue).
// It asserts nothing about time: it logs what it measured. Without the
// variable it does nothing.
func TestSearchLatency(t *testing.T) {
	dir := os.Getenv("OCOP_SEARCH_SITE")
	if dir == "" {
		t.Skip("set OCOP_SEARCH_SITE to a built site to measure its search")
	}
	hs := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer hs.Close()
	ctx := browsertest.Start(t, browsertest.Options{})
	for _, c := range []struct{ lang, q string }{{"vi", "mat ong"}, {"vi", "che shan tuyet"}, {"vi", "dong van"}, {"en", "honey"}, {"zh", "雪山茶"}} {
		if err := open(ctx, hs.URL+"/"+c.lang+"/search/"); err != nil {
			t.Fatal(err)
		}
		// The query once, to load its files; then ten times, each timed
		// from the input event to the frame after the results changed.
		expr := `(async () => {
			const q = document.getElementById("q"), st = document.getElementById("search-status");
			const run = (v) => new Promise(res => {
				const t0 = performance.now();
				const mo = new MutationObserver(() => { mo.disconnect(); requestAnimationFrame(() => res(performance.now() - t0)); });
				mo.observe(document.getElementById("search-results"), {childList: true, subtree: true, characterData: true});
				mo.observe(st, {childList: true, subtree: true, characterData: true});
				q.value = v; q.dispatchEvent(new Event("input", {bubbles: true}));
			});
			const query = ` + "`" + c.q + "`" + `;
			await run(query); await run("");
			const out = [];
			for (let i = 0; i < 10; i++) { out.push(Math.round(await run(query) * 10) / 10); await run(""); }
			return JSON.stringify(out);
		})()`
		var ms []float64
		if err := eval(ctx, expr, &ms); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %q: %v ms", c.lang, c.q, ms)
	}
}
