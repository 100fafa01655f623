package quality

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/hagiang-ocop/ocop/internal/browsertest"
)

// searchState is what a buyer sees of a search: the address, the status
// line, and each result's title and stars.
type searchState struct {
	URL, Status string
	Titles      []string
	Stars       []string
}

// waitSearch waits until the status line says something, then reads the
// state (a query's results, or its absence, are announced there).
func waitSearch(t *testing.T, ctx context.Context, want func(searchState) bool) searchState {
	t.Helper()
	var s searchState
	deadline := time.Now().Add(15 * time.Second)
	for {
		err := eval(ctx, `JSON.stringify({URL: location.href, Status: (document.getElementById("search-status") || {}).textContent || "",
			Titles: [...document.querySelectorAll("#search-results [data-field=title]")].map(e => e.textContent),
			Stars: [...document.querySelectorAll("#search-results [data-field=stars]")].map(e => e.dataset.stars)})`, &s)
		if err != nil {
			t.Fatal(err)
		}
		if want(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("the search did not get there: %+v", s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// typeQuery empties the search box, as selecting its text and deleting
// it would, and types q key by key.
func typeQuery(t *testing.T, ctx context.Context, q string) {
	t.Helper()
	if err := eval(ctx, `(() => { const q = document.getElementById("q"); q.value = ""; q.dispatchEvent(new Event("input", {bubbles: true})); return "true" })()`, new(bool)); err != nil {
		t.Fatal(err)
	}
	if err := do(ctx, chromedp.SendKeys(chromedp.CSS("#q"), q)); err != nil {
		t.Fatal(err)
	}
}

func query(s searchState) string {
	u, _ := url.Parse(s.URL)
	return u.RawQuery
}

// TestSearch types queries as buyers do, in each language, without and
// with diacritics, filters the results, and checks what they see and the
// address they could share.
func TestSearch(t *testing.T) {
	base := serveSite(t)
	ctx := browsertest.Start(t, browsertest.Options{})
	if err := open(ctx, base+"/vi/search/"); err != nil {
		t.Fatal(err)
	}
	has := func(titles []string, sub string) bool {
		return slices.ContainsFunc(titles, func(s string) bool { return strings.Contains(s, sub) })
	}

	// Without diacritics, the honey of Đồng Văn first.
	typeQuery(t, ctx, "mat ong bac ha")
	s := waitSearch(t, ctx, func(s searchState) bool { return len(s.Titles) > 0 && query(s) == "q=mat+ong+bac+ha" })
	if !strings.HasPrefix(s.Titles[0], "Mật ong bạc hà") || !strings.Contains(s.Status, "kết quả") {
		t.Errorf("mat ong bac ha: %q, status %q", s.Titles, s.Status)
	}
	// While typing: "mat o" already finds mật ong.
	typeQuery(t, ctx, "mat o")
	s = waitSearch(t, ctx, func(s searchState) bool { return query(s) == "q=mat+o" && len(s.Titles) > 0 })
	if !has(s.Titles, "Mật ong hoa rừng Thượng Sơn") {
		t.Errorf("mat o: %q", s.Titles)
	}
	// The tea of the Shan tuyết trees, and đ as d.
	typeQuery(t, ctx, "che shan tuyet")
	s = waitSearch(t, ctx, func(s searchState) bool { return query(s) == "q=che+shan+tuyet" && len(s.Titles) > 0 })
	for _, want := range []string{"Chè Shan tuyết Túng Sán", "Trà Shan tuyết Cao Bồ"} {
		if !has(s.Titles, want) {
			t.Errorf("che shan tuyet lacks %s: %q", want, s.Titles)
		}
	}
	all := len(s.Titles)

	// A filter: 5 stars. The address carries it; Back undoes it.
	if err := do(ctx, chromedp.Click(chromedp.CSS(`input[name=stars][value="5"]`))); err != nil {
		t.Fatal(err)
	}
	s = waitSearch(t, ctx, func(s searchState) bool { return strings.Contains(query(s), "stars=5") })
	if len(s.Titles) == 0 || len(s.Titles) >= all || slices.ContainsFunc(s.Stars, func(x string) bool { return x != "5" }) {
		t.Errorf("5 stars of %d: %q %q", all, s.Titles, s.Stars)
	}
	if err := do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	s = waitSearch(t, ctx, func(s searchState) bool { return !strings.Contains(query(s), "stars=") && len(s.Titles) == all })
	var checked bool
	if err := eval(ctx, `JSON.stringify(document.querySelector('input[name=stars][value="5"]').checked)`, &checked); err != nil || checked {
		t.Errorf("after Back the 5-star filter is still chosen (%v)", err)
	}

	// A shared address opens the same search.
	if err := open(ctx, base+"/vi/search/?q=dong+van&stars=3"); err != nil {
		t.Fatal(err)
	}
	s = waitSearch(t, ctx, func(s searchState) bool { return len(s.Titles) > 0 })
	if !has(s.Titles, "Bánh tam giác mạch Đồng Văn") || slices.ContainsFunc(s.Stars, func(x string) bool { return x != "3" }) {
		t.Errorf("dong van, 3 stars: %q %q", s.Titles, s.Stars)
	}
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#q"))); err != nil || v != "dong van" {
		t.Errorf("the box shows %q (%v)", v, err)
	}

	// Nothing found says so.
	typeQuery(t, ctx, "xyzzy")
	s = waitSearch(t, ctx, func(s searchState) bool { return strings.Contains(s.Status, "xyzzy") })
	if len(s.Titles) != 0 {
		t.Errorf("xyzzy finds %q", s.Titles)
	}

	// English: case and plurals.
	if err := open(ctx, base+"/en/search/"); err != nil {
		t.Fatal(err)
	}
	typeQuery(t, ctx, "Honeys")
	s = waitSearch(t, ctx, func(s searchState) bool { return len(s.Titles) > 0 })
	if !has(s.Titles, "Dong Van Mint Honey") || !has(s.Titles, "Thuong Son Wildflower Honey") {
		t.Errorf("Honeys: %q", s.Titles)
	}

	// Chinese: characters, no spaces needed.
	if err := open(ctx, base+"/zh/search/"); err != nil {
		t.Fatal(err)
	}
	typeQuery(t, ctx, "雪山茶")
	s = waitSearch(t, ctx, func(s searchState) bool { return len(s.Titles) > 0 })
	if !strings.Contains(s.Titles[0], "雪山") || !has(s.Titles, "高铺雪山茶") {
		t.Errorf("雪山茶: %q", s.Titles)
	}

	// The box in every page's header leads to the search.
	if err := open(ctx, base+"/en/districts/"); err != nil {
		t.Fatal(err)
	}
	// Typing and submitting are two steps: a key that navigates while
	// SendKeys still holds the page fails with "target navigated".
	if err := do(ctx, chromedp.SendKeys(chromedp.CSS("#site-q"), "dong van")); err != nil {
		t.Fatal(err)
	}
	if err := do(ctx, chromedp.Submit(chromedp.CSS("#site-q"))); err != nil {
		t.Fatal(err)
	}
	s = waitSearch(t, ctx, func(s searchState) bool { return strings.Contains(s.URL, "/en/search/") && len(s.Titles) > 0 })
	if !has(s.Titles, "Dong Van Mint Honey") {
		t.Errorf("dong van from the header: %q", s.Titles)
	}
}
