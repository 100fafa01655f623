package quality

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// TestValidHTML runs the Nu HTML Checker on every page (and the
// stylesheet): not one error.
func TestValidHTML(t *testing.T) {
	jar := tool("vnu-jar/build/dist/vnu.jar")
	need(t, "the Nu HTML Checker", "run npm ci", jar != "")
	need(t, "Java", "install a Java runtime", java() != "")
	files := htmlFiles(t)
	args := []string{"-jar", jar, "--format", "json", "--also-check-css"}
	for _, f := range files {
		args = append(args, filepath.Join(out, filepath.FromSlash(f)))
	}
	css, _ := filepath.Glob(filepath.Join(out, "assets", "*.css"))
	args = append(args, css...)
	cmd := exec.Command(java(), args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Run() // exits 1 when there are messages; they are read below
	var report struct {
		Messages []struct {
			Type, SubType, URL, Message, Extract string
			LastLine                             int
		}
	}
	if err := json.Unmarshal([]byte(stderr.String()), &report); err != nil {
		t.Fatalf("reading the checker's report: %v\n%.2000s", err, stderr.String())
	}
	errors := 0
	for _, m := range report.Messages {
		if m.Type == "error" || m.SubType == "fatal" {
			errors++
			if errors <= 30 {
				t.Errorf("%s:%d: %s (%q)", strings.TrimPrefix(m.URL, "file:"+out), m.LastLine, m.Message, m.Extract)
			}
		}
	}
	if errors > 30 {
		t.Errorf("… %d errors in all", errors)
	}
	t.Logf("checked %d pages and %d stylesheets: %d messages, %d errors", len(files), len(css), len(report.Messages), errors)
}

// TestSitemap checks the sitemap protocol: absolute addresses under the
// site's, at most 50,000, every listed page once and each an existing
// page; no alternates (each page's head has its hreflang alternates,
// which TestHreflang checks).
func TestSitemap(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sm := sitetest.ParseSitemap(t, data)
	if sm.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || sm.XMLName.Local != "urlset" {
		t.Errorf("root element %v", sm.XMLName)
	}
	const base = "https://ocop-hagiang.example/"
	if len(sm.URLs) < 300 || len(sm.URLs) > 50000 {
		t.Errorf("%d addresses", len(sm.URLs))
	}
	seen := map[string]bool{}
	for _, u := range sm.URLs {
		if seen[u.Loc] {
			t.Errorf("%s: listed twice", u.Loc)
		}
		seen[u.Loc] = true
		rel, ok := strings.CutPrefix(u.Loc, base)
		if !ok || !exists(filepath.Join(out, filepath.FromSlash(rel), "index.html")) {
			t.Errorf("%s: not a page of the site", u.Loc)
			continue
		}
		if len(u.Links) > 0 {
			t.Errorf("%s: alternates in the sitemap: %+v", u.Loc, u.Links)
		}
	}
	for _, want := range []string{"vi/", "en/products/che-shan-tuyet-tung-san/", "zh/districts/dong-van/"} {
		if !seen[base+want] {
			t.Errorf("the sitemap lacks %s", base+want)
		}
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: "+base+"sitemap.xml") {
		t.Errorf("robots.txt = %q", robots)
	}
}

// TestFeeds checks that each language's feeds, of stories and of newly
// certified products, are well-formed Atom with what the format requires.
func TestFeeds(t *testing.T) {
	for _, name := range []string{"vi/feed.xml", "en/feed.xml", "zh/feed.xml", "vi/products/feed.xml", "en/products/feed.xml", "zh/products/feed.xml"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		var feed struct {
			XMLName xml.Name
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Links   []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Link    struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
				Content string `xml:"content"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(data, &feed); err != nil {
			t.Fatalf("%s is not well-formed: %v", name, err)
		}
		if feed.XMLName.Space != "http://www.w3.org/2005/Atom" || feed.ID == "" || feed.Title == "" || feed.Updated == "" || len(feed.Entries) == 0 {
			t.Errorf("%s: %+v", name, feed)
		}
		for _, e := range feed.Entries {
			if e.ID == "" || e.Title == "" || e.Updated == "" || e.Link.Href == "" || e.Content == "" {
				t.Errorf("%s: entry %+v", name, e)
			}
		}
	}
}
