package quality

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/hagiang-ocop/ocop/internal/browsertest"
)

// printPDF prints the page open in ctx as Chromium's "Save as PDF" does,
// with the page size and margins of the stylesheet, and reads it.
func printPDF(t *testing.T, ctx context.Context, name string) *browsertest.PDF {
	t.Helper()
	step, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	data, err := chromedp.Run(step, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("printing %s: %v", name, err)
	}
	if dir := os.Getenv("OCOP_PDF"); dir != "" {
		os.WriteFile(filepath.Join(dir, name+".pdf"), data, 0o644)
	}
	doc, err := browsertest.ReadPDF(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if doc.Width < 590 || doc.Width > 600 || doc.Height < 837 || doc.Height > 847 {
		t.Errorf("%s: pages of %.0f × %.0f pt, not A4 (595 × 842)", name, doc.Width, doc.Height)
	}
	return doc
}

// squash removes white space, so that text broken across lines in a PDF
// compares with the page's.
func squash(s string) string {
	return strings.Join(strings.Fields(s), "")
}

// overflow reports the elements matching sel that are wider than their
// box or reach past the page's right edge, as the page is printed.
func overflow(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	// A4 less the stylesheet's margins of 12 mm: 186 mm, 703 CSS pixels.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(703, 1000)); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Do(ctx, chromedp.ResetViewport())
	var bad []string
	expr := fmt.Sprintf(`JSON.stringify([...document.querySelectorAll(%q)].flatMap(e => [e, ...e.querySelectorAll("*")])
		.filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "hidden" && e.clientWidth > 0 || e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
		.map(e => e.tagName + "." + e.className + ": " + (e.textContent || "").trim().slice(0, 40)))`, sel)
	if err := eval(ctx, expr, &bad); err != nil {
		t.Fatal(err)
	}
	return bad
}

// TestPrintEdition prints the whole catalogue, a district's edition and a
// label sheet to PDF in Chromium and reads the PDFs: A4, a cover and the
// contents, every product on one page only (never split), page numbers,
// and nothing wider than the paper.
func TestPrintEdition(t *testing.T) {
	base := serveSite(t)
	ctx := browsertest.Start(t, browsertest.Options{})

	if err := open(ctx, base+"/vi/print/"); err != nil {
		t.Fatal(err)
	}
	// An entry's first line is its name, its last its certificate; the
	// address under its QR code is its own (it ends in the product's slug
	// and a slash).
	var entries []printEntry
	if err := eval(ctx, `JSON.stringify([...document.querySelectorAll(".print-item")].map(a => ({
		Name: a.querySelector("h3").textContent, Cert: a.querySelector(".pi-facts dd:last-of-type").textContent,
		URL: a.querySelector(".pi-qr figcaption").textContent})))`, &entries); err != nil {
		t.Fatal(err)
	}
	if len(entries) < 40 {
		t.Fatalf("the whole catalogue has %d products", len(entries))
	}
	if bad := overflow(t, ctx, ".print-edition"); len(bad) > 0 {
		t.Errorf("wider than the paper: %q", bad)
	}
	doc := printPDF(t, ctx, "catalogue-vi")
	n := len(doc.Pages)
	// A cover with the contents, then at least a page per district.
	if n < 12 {
		t.Errorf("the whole catalogue prints on %d pages", n)
	}
	if first := doc.Pages[0]; !strings.Contains(first, "Catalogue sản phẩm OCOP") || !strings.Contains(first, "Mục lục") {
		t.Errorf("the first page is not the cover with the contents:\n%s", first)
	}
	for i, p := range doc.Pages {
		if want := fmt.Sprintf("%d / %d", i+1, n); !strings.Contains(p, want) {
			t.Errorf("page %d has no page number %q", i+1, want)
		}
	}
	for _, problem := range split(doc, entries) {
		t.Error(problem)
	}
	// And that the check sees a split: entries made taller than a page
	// must break. (Through the style sheet: the pages' Content Security
	// Policy blocks a <style> element added to them.)
	if err := eval(ctx, `(s => s.insertRule(".pi-summary{font-size:90pt}", s.cssRules.length))(document.styleSheets[0]), "true"`, new(bool)); err != nil {
		t.Fatal(err)
	}
	if problems := split(printPDF(t, ctx, "split"), entries); len(problems) == 0 {
		t.Error("entries taller than a page printed, yet no split was found: the check is blind")
	}

	// A sheet of labels: eight to a page.
	if err := open(ctx, base+"/en/labels/districts/hoang-su-phi/"); err != nil {
		t.Fatal(err)
	}
	var labels []string
	if err := eval(ctx, `JSON.stringify([...document.querySelectorAll(".label-name")].map(e => e.textContent))`, &labels); err != nil {
		t.Fatal(err)
	}
	if bad := overflow(t, ctx, ".labels"); len(bad) > 0 {
		t.Errorf("labels wider than the paper: %q", bad)
	}
	sheet := printPDF(t, ctx, "labels-hoang-su-phi-en")
	if want := (len(labels) + 7) / 8; len(sheet.Pages) != want {
		t.Errorf("%d labels print on %d pages, want %d", len(labels), len(sheet.Pages), want)
	}
	for _, l := range labels {
		if !strings.Contains(squash(sheet.Text()), squash(l)) {
			t.Errorf("the label sheet lacks %q", l)
		}
	}
}

// TestShortlist builds a shortlist as a buyer would: adds products from a
// district page, reloads, opens the list, downloads it as CSV, opens its
// share link in a fresh browser (no shared storage) and sees the same
// list, and prints it as a catalogue and as labels.
func TestShortlist(t *testing.T) {
	base := serveSite(t)
	ctx := browsertest.Start(t, browsertest.Options{})
	if err := open(ctx, base+"/en/districts/hoang-su-phi/"); err != nil {
		t.Fatal(err)
	}
	var cards []struct{ Name, Slug string }
	if err := eval(ctx, `JSON.stringify([...document.querySelectorAll(".card")].slice(0, 3).map(c => ({
		Name: c.querySelector(".card-title").textContent, Slug: c.querySelector("a").getAttribute("href").split("/").at(-2)})))`, &cards); err != nil {
		t.Fatal(err)
	}
	if len(cards) != 3 {
		t.Fatalf("the district page has %d cards", len(cards))
	}
	var carrying int
	if err := eval(ctx, `String(document.querySelectorAll(".card button.pick[data-pick]").length)`, &carrying); err != nil || carrying != 0 {
		t.Errorf("%d cards' buttons carry a record (%v): the product's page has it", carrying, err)
	}
	var names []string
	// A card's button carries nothing: the card's link names the product.
	pick := func(i int) chromedp.CSS {
		return chromedp.CSS(`li.card:has(a[href$="/` + cards[i].Slug + `/"]) button.pick`)
	}
	for i, c := range cards {
		names = append(names, c.Name)
		if err := do(ctx, chromedp.WaitVisible(pick(i)), chromedp.Click(pick(i))); err != nil {
			t.Fatalf("clicking the button of %s: %v", c.Name, err)
		}
	}
	state := func() (pressed []string, count string) {
		var s struct {
			Pressed []string
			Count   string
		}
		if err := eval(ctx, `JSON.stringify({Pressed: [...document.querySelectorAll("button.pick[aria-pressed=true]")].map(b => b.closest(".card").querySelector(".card-title").textContent),
			Count: document.querySelector(".shortlist-count").textContent})`, &s); err != nil {
			t.Fatal(err)
		}
		return s.Pressed, s.Count
	}
	if pressed, count := state(); !slices.Equal(pressed, names) || count != "(3)" {
		t.Errorf("after three clicks: pressed %q, header %q", pressed, count)
	}
	// A card's button carries only the product's slug and address: the
	// whole record (name, producer, phone, certificate…) is read from the
	// product's page at once, so that the list shows and prints offline.
	var kept []string
	for range 50 {
		if err := eval(ctx, `JSON.stringify(Object.values(JSON.parse(localStorage.getItem("ocop-shortlist")).items).map(r => r.en && r.en.n && r.en.c && r.en.p ? r.en.n : "").filter(Boolean))`, &kept); err != nil {
			t.Fatal(err)
		}
		if len(kept) == 3 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if !slices.Equal(slices.Sorted(slices.Values(kept)), slices.Sorted(slices.Values(names))) {
		t.Errorf("the records kept for the shortlist: %q, want those of %q", kept, names)
	}
	// Clicking again takes a product off; once more puts it back last.
	if err := do(ctx, chromedp.Click(pick(1))); err != nil {
		t.Fatal(err)
	}
	if pressed, count := state(); len(pressed) != 2 || count != "(2)" {
		t.Errorf("after taking one off: pressed %q, header %q", pressed, count)
	}
	if err := do(ctx, chromedp.Click(pick(1)), chromedp.Reload(), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	if pressed, count := state(); !slices.Equal(pressed, names) || count != "(3)" {
		t.Errorf("after a reload: pressed %q, header %q", pressed, count)
	}
	want := []string{names[0], names[2], names[1]} // in the order added

	// The shortlist page, reached from the header.
	if err := do(ctx, chromedp.Click(chromedp.CSS(".shortlist-link")), chromedp.WaitVisible(chromedp.CSS(".sl-item"))); err != nil {
		t.Fatal(err)
	}
	listed := func(ctx context.Context) []string {
		var got []string
		if err := eval(ctx, `JSON.stringify([...document.querySelectorAll(".sl-item h2")].map(h => h.textContent))`, &got); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := listed(ctx); !slices.Equal(got, want) {
		t.Errorf("the shortlist shows %q, want %q", got, want)
	}
	share, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#share-link")))
	if err != nil || !strings.HasPrefix(share, base+"/en/shortlist/#p=") {
		t.Fatalf("share link %q: %v", share, err)
	}

	// The CSV download.
	dir := t.TempDir()
	yes := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &yes,
	}); err != nil {
		t.Fatal(err)
	}
	if err := do(ctx, chromedp.Click(chromedp.CSS("button[data-csv]"))); err != nil {
		t.Fatal(err)
	}
	data := waitFile(t, filepath.Join(dir, "shortlist-en.csv"))
	if !bytes.HasPrefix(data, []byte("\ufeff")) {
		t.Error("the CSV has no byte-order mark: spreadsheets would garble Vietnamese")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(rows) != 4 || rows[0][0] != "Product" || len(rows[0]) != 9 {
		t.Fatalf("CSV rows: %q", rows)
	}
	for i, name := range want {
		if rows[i+1][0] != name || !strings.HasPrefix(rows[i+1][8], base+"/en/products/") {
			t.Errorf("CSV row %d: %q", i+1, rows[i+1])
		}
	}

	// Printed as a catalogue, then as labels.
	pdf := printPDF(t, ctx, "shortlist-catalogue")
	for _, name := range want {
		if !strings.Contains(squash(pdf.Text()), squash(name)) {
			t.Errorf("the printed shortlist lacks %q", name)
		}
	}
	if err := eval(ctx, `document.documentElement.setAttribute("data-print", "labels"), "true"`, new(bool)); err != nil {
		t.Fatal(err)
	}
	var shown string
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if err := eval(ctx, `JSON.stringify(getComputedStyle(document.querySelector(".shortlist-labels")).display + " " + getComputedStyle(document.querySelector(".shortlist-items")).display)`, &shown); err != nil {
		t.Fatal(err)
	}
	chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	if shown != "grid none" {
		t.Errorf("printing labels shows labels %q", shown)
	}
	labels := printPDF(t, ctx, "shortlist-labels")
	if len(labels.Pages) != 1 {
		t.Errorf("three labels print on %d pages", len(labels.Pages))
	}

	// The share link in another browser, with a profile of its own that
	// has never seen the list.
	fresh := browsertest.Start(t, browsertest.Options{})
	if err := open(fresh, share); err != nil {
		t.Fatal(err)
	}
	if err := do(fresh, chromedp.WaitVisible(chromedp.CSS(".sl-item"))); err != nil {
		t.Fatal(err)
	}
	if got := listed(fresh); !slices.Equal(got, want) {
		t.Errorf("the shared link opens %q, want %q", got, want)
	}
	// It became that browser's own list: it is there after a reload
	// without the link.
	if err := open(fresh, base+"/en/shortlist/"); err != nil {
		t.Fatal(err)
	}
	if err := do(fresh, chromedp.WaitVisible(chromedp.CSS(".sl-item"))); err != nil {
		t.Fatal(err)
	}
	if got := listed(fresh); !slices.Equal(got, want) {
		t.Errorf("after opening the link, the fresh browser's list is %q, want %q", got, want)
	}

	// The Vietnamese shortlist shows the same products in Vietnamese.
	if err := open(ctx, base+"/vi/shortlist/"); err != nil {
		t.Fatal(err)
	}
	step, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if _, err := chromedp.Run(step, chromedp.Poll[bool](`document.querySelectorAll(".sl-item h2 a[href^='/vi/']").length === 3`)); err != nil {
		t.Fatalf("the Vietnamese list did not load its names: %v", err)
	}
	vi := listed(ctx)
	if len(vi) != 3 || slices.Equal(vi, want) {
		t.Errorf("the Vietnamese shortlist shows %q", vi)
	}
}

// printEntry is a product in a print edition.
type printEntry struct{ Name, Cert, URL string }

// split lists the print entries that are not whole on one page: the
// page with an entry's address must also have its name and certificate,
// and no other page its address.
func split(doc *browsertest.PDF, entries []printEntry) []string {
	var problems []string
	for _, e := range entries {
		var on []int
		for i, p := range doc.Pages {
			if strings.Contains(squash(p), squash(e.URL)) {
				on = append(on, i+1)
				if !strings.Contains(squash(p), squash(e.Name)) || !strings.Contains(squash(p), squash(e.Cert)) {
					problems = append(problems, fmt.Sprintf("%s is split: its name or certificate is not on page %d with its address", e.Name, i+1))
				}
			}
		}
		if len(on) != 1 {
			problems = append(problems, fmt.Sprintf("%s (%s) is on pages %v", e.Name, e.URL, on))
		}
	}
	return problems
}

// do runs steps, giving up after 20 seconds.
func do(ctx context.Context, steps ...chromedp.Action[chromedp.Void]) error {
	step, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return chromedp.Do(step, steps...)
}

// waitFile waits for a download to finish and returns its content.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if data, err := os.ReadFile(path); err == nil && len(data) > 0 {
			return data
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	t.Fatalf("no download at %s; the folder has %v", filepath.Base(path), entries)
	return nil
}
