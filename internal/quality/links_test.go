package quality

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
	"golang.org/x/net/html"
)

// resourceAttrs are the attributes that load or lead to something.
var resourceAttrs = map[string][]string{
	"a": {"href"}, "link": {"href"}, "script": {"src"}, "img": {"src", "srcset"},
	"source": {"src", "srcset"}, "iframe": {"src"}, "video": {"src", "poster"}, "audio": {"src"}, "form": {"action"},
}

// siteHost is the host of the sample site's baseURL.
const siteHost = "ocop-hagiang.example"

// targets lists what a page links to or loads, as site paths (query and
// fragment cut), and what it points outside the site.
func targets(t *testing.T, page string) (internal, external []string) {
	doc := sitetest.Page(t, out, page)
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, attr := range resourceAttrs[n.Data] {
				v := sitetest.Attr(n, attr)
				if v == "" {
					continue
				}
				var values []string
				if attr == "srcset" {
					for _, c := range strings.Split(v, ",") {
						values = append(values, strings.Fields(c)[0])
					}
				} else {
					values = []string{v}
				}
				for _, v := range values {
					u, err := url.Parse(v)
					if err != nil {
						t.Errorf("%s: bad address %q", page, v)
						continue
					}
					switch {
					case u.Scheme == "tel" || u.Scheme == "mailto":
					case u.Host == siteHost && (u.Scheme == "https" || u.Scheme == "http"):
						// The site's own address (canonical, alternates).
						internal = append(internal, u.Path)
					case u.Host != "" || u.Scheme != "":
						external = append(external, n.Data+" "+v)
					case u.Path == "":
					default:
						p := u.Path
						if !strings.HasPrefix(p, "/") {
							p = path.Join(path.Dir("/"+page), p)
						}
						internal = append(internal, p)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return internal, external
}

// file is the output file a site path names.
func file(p string) string {
	if strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return filepath.Join(out, filepath.FromSlash(strings.TrimPrefix(p, "/")))
}

// TestLinks crawls the site from its root: every internal link, image,
// stylesheet and script exists, every page of the sitemap is reached, and
// links to other sites are only the producers' (a) or phone and mail.
func TestLinks(t *testing.T) {
	seen := map[string]bool{}
	queue := []string{"/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		f := file(p)
		if _, err := os.Stat(f); err != nil {
			t.Errorf("broken link: %s", p)
			continue
		}
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		rel, _ := filepath.Rel(out, f)
		internal, external := targets(t, filepath.ToSlash(rel))
		for _, x := range external {
			if !strings.HasPrefix(x, "a ") {
				t.Errorf("%s loads %s from another site", p, x)
			}
		}
		for _, q := range internal {
			if !seen[q] {
				queue = append(queue, q)
			}
		}
	}
	// Every page in the sitemap was reached.
	data, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	for _, loc := range strings.Split(string(data), "<loc>")[1:] {
		p := "/" + strings.TrimPrefix(loc[:strings.Index(loc, "</loc>")], "https://ocop-hagiang.example/")
		if !seen[p] {
			t.Errorf("the crawl never reached %s", p)
		}
	}
	t.Logf("crawled %d addresses", len(seen))
}

// TestHreflang checks that every page's hreflang alternates exist and link
// back to it.
func TestHreflang(t *testing.T) {
	alternates := func(page string) map[string]string {
		doc := sitetest.Page(t, out, page)
		m := map[string]string{}
		for _, l := range sitetest.Find(doc, "head link[rel=alternate][hreflang]") {
			m[sitetest.Attr(l, "hreflang")] = strings.TrimPrefix(sitetest.Attr(l, "href"), "https://ocop-hagiang.example/")
		}
		return m
	}
	checked := 0
	for _, page := range htmlFiles(t) {
		self := strings.TrimSuffix(page, "index.html")
		alts := alternates(page)
		for lang, target := range alts {
			if !exists(file("/" + target)) {
				t.Errorf("%s: hreflang %s → %s does not exist", page, lang, target)
				continue
			}
			if lang == "x-default" {
				continue
			}
			back := alternates(strings.TrimPrefix(target, "/") + "index.html")
			if !containsValue(back, self) && page != "index.html" && page != "404.html" {
				t.Errorf("%s: %s (%s) does not link back", page, target, lang)
			}
			checked++
		}
	}
	if checked < 600 {
		t.Errorf("only %d hreflang links checked", checked)
	}
}

func containsValue(m map[string]string, v string) bool {
	for _, x := range m {
		if x == v {
			return true
		}
	}
	return false
}
