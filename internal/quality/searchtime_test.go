package quality

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/browsertest"
)

// BenchmarkSearchLatency measures, in headless Chromium, how long results
// take to appear after a keystroke on the built site OCOP_SEARCH_SITE
// names (docs/performance.md has the figures for the 16,000-product
// catalogue):
//
//	OCOP_SEARCH_SITE=/tmp/out16k/public go test -run XXX -bench SearchLatency -benchtime 10x ./internal/quality
//
// Each iteration types each query once (after a first time that loads its
// files), timed from the input event to the frame after the results
// changed; it reports the median and the slowest, in milliseconds.
// Without the variable it is skipped.
func BenchmarkSearchLatency(b *testing.B) {
	dir := os.Getenv("OCOP_SEARCH_SITE")
	if dir == "" {
		b.Skip("set OCOP_SEARCH_SITE to a built site to measure its search")
	}
	hs := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer hs.Close()
	ctx := browsertest.Start(b, browsertest.Options{})
	queries := []struct{ lang, q string }{{"vi", "mat ong"}, {"vi", "che shan tuyet"}, {"vi", "dong van"}, {"en", "honey"}, {"zh", "雪山茶"}}
	// run types q on the page and returns the milliseconds until the
	// results showed.
	const run = `(v) => new Promise(res => {
		const q = document.getElementById("q"), st = document.getElementById("search-status");
		const t0 = performance.now();
		const mo = new MutationObserver(() => { mo.disconnect(); requestAnimationFrame(() => res(performance.now() - t0)); });
		mo.observe(document.getElementById("search-results"), {childList: true, subtree: true, characterData: true});
		mo.observe(st, {childList: true, subtree: true, characterData: true});
		q.value = v; q.dispatchEvent(new Event("input", {bubbles: true}));
	})`
	var ms []float64
	lang := ""
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		for _, c := range queries {
			if c.lang != lang || i == 0 {
				b.StopTimer()
				if err := open(ctx, hs.URL+"/"+c.lang+"/search/"); err != nil {
					b.Fatal(err)
				}
				lang = c.lang
				b.StartTimer()
			}
			expr := `(async () => { const run = ` + run + `; const query = ` + "`" + c.q + "`" + `;
				await run(query); await run(""); const t = await run(query); await run(""); return JSON.stringify(t); })()`
			var t float64
			if err := eval(ctx, expr, &t); err != nil {
				b.Fatal(err)
			}
			ms = append(ms, t)
		}
	}
	slices.Sort(ms)
	b.ReportMetric(ms[len(ms)/2], "median-ms")
	b.ReportMetric(ms[len(ms)-1], "max-ms")
}
