package quality

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// budget is the most a product page may weigh, compressed: its HTML and
// the stylesheets and scripts it loads (photos load lazily and are not
// counted).
const budget = 40 << 10

func gzipSize(t *testing.T, data []byte) int {
	t.Helper()
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

// TestBudget weighs every product page with what it loads.
func TestBudget(t *testing.T) {
	heaviest, name := 0, ""
	for _, page := range htmlFiles(t) {
		if !strings.Contains(page, "/products/") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		total := gzipSize(t, data)
		doc := sitetest.Page(t, out, page)
		var loads []string
		for _, l := range sitetest.Find(doc, "link[rel=stylesheet]") {
			loads = append(loads, sitetest.Attr(l, "href"))
		}
		for _, s := range sitetest.Find(doc, "script[src]") {
			loads = append(loads, sitetest.Attr(s, "src"))
		}
		for _, p := range loads {
			asset, err := os.ReadFile(file(p))
			if err != nil {
				t.Fatalf("%s loads %s: %v", page, p, err)
			}
			total += gzipSize(t, asset)
		}
		if total > heaviest {
			heaviest, name = total, page
		}
		if total > budget {
			t.Errorf("%s weighs %d bytes compressed with its CSS and JS; the budget is %d", page, total, budget)
		}
	}
	t.Logf("the heaviest product page is %s: %.1f kB compressed, of %d kB", name, float64(heaviest)/1024, budget>>10)
}
