package render

import (
	"encoding/xml"
	"fmt"
	"github.com/hagiang-ocop/ocop/internal/admin"
	"io"
	"time"

	"github.com/hagiang-ocop/ocop/internal/model"
)

const (
	// sitemapLimit is the sitemap protocol's limit of addresses per file;
	// a bigger site gets a sitemap index.
	sitemapLimit = 50000
	// sitemapChunk is the number of addresses in each file of an index.
	sitemapChunk = 20000
	// feedEntries is the number of stories in each language's feed.
	feedEntries = 20
)

// urlset is a sitemap. Its entries are the pages' addresses alone: which
// pages translate which is said once, by the hreflang alternates in each
// page's head, which search engines read as they read a sitemap's
// xhtml:link alternates. Said again in the sitemap, it was four fifths
// of its bytes (41 MB of a national catalogue).
type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc string `xml:"loc"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	Loc string `xml:"loc"`
}

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// xmlFiles returns the sitemap (or the sitemap index and its parts),
// robots.txt and the feeds of stories and of newly certified products.
func (r *Renderer) xmlFiles() []File {
	var files []File
	// The entries are made as each file is written, not kept for the
	// whole build.
	var listed []*model.Page
	for p := range r.cat.AllPages {
		if p.Listed {
			listed = append(listed, p)
		}
	}
	urlsetOf := func(pages []*model.Page) func() any {
		return func() any {
			return urlset{NS: sitemapNS, URLs: r.sitemapURLs(pages)}
		}
	}
	if len(listed) <= sitemapLimit {
		files = append(files, xmlFile("sitemap.xml", urlsetOf(listed)))
	} else {
		index := sitemapIndex{NS: sitemapNS}
		for i := 0; i < len(listed); i += sitemapChunk {
			name := fmt.Sprintf("sitemap-%d.xml", i/sitemapChunk+1)
			index.Sitemaps = append(index.Sitemaps, sitemapRef{Loc: r.cat.BaseURL + name})
			files = append(files, xmlFile(name, urlsetOf(listed[i:min(i+sitemapChunk, len(listed))])))
		}
		files = append(files, xmlFile("sitemap.xml", func() any { return index }))
	}
	// /admin/ is the editors' page, not the catalogue's.
	robots := "User-agent: *\nAllow: /\nDisallow: " + r.cat.BasePath + admin.Dir + "/\n\nSitemap: " + r.cat.BaseURL + "sitemap.xml\n"
	files = append(files, File{Path: "robots.txt", Data: []byte(robots)})
	for li := range r.cat.Languages {
		if r.cat.Current > 0 {
			files = append(files, File{Path: r.productFeedPath(li), MediaType: "application/xml", Render: func(w io.Writer) error {
				return r.productFeed(w, li)
			}})
		}
		if len(r.cat.StoriesIn[li]) > 0 {
			files = append(files, File{Path: r.FeedPath(li), MediaType: "application/xml", Render: func(w io.Writer) error {
				return r.feed(w, li)
			}})
		}
	}
	return files
}

// sitemapURLs are the sitemap's entries of pages.
func (r *Renderer) sitemapURLs(pages []*model.Page) []sitemapURL {
	urls := make([]sitemapURL, len(pages))
	for i, p := range pages {
		urls[i] = sitemapURL{Loc: r.cat.BaseURL + p.Path}
	}
	return urls
}

// xmlFile is a file of XML, the encoding of what value makes when the
// file is written.
func xmlFile(name string, value func() any) File {
	return File{Path: name, MediaType: "application/xml", Render: func(w io.Writer) error {
		if _, err := io.WriteString(w, xml.Header); err != nil {
			return err
		}
		return xml.NewEncoder(w).Encode(value())
	}}
}

// FeedPath is the path of language li's Atom feed of stories.
func (r *Renderer) FeedPath(li int) string { return r.cat.Languages[li].Code + "/feed.xml" }

type atomFeed struct {
	XMLName xml.Name    `xml:"feed"`
	NS      string      `xml:"xmlns,attr"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Summary string   `xml:"summary,omitempty"`
	Content atomHTML `xml:"content"`
}

type atomHTML struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func (r *Renderer) feed(w io.Writer, li int) error {
	stories := r.cat.StoriesIn[li]
	site, _ := model.Get(r.cat.Title, li)
	title, _ := r.str(li, "nav.stories")
	self := r.cat.BaseURL + r.FeedPath(li)
	f := atomFeed{
		NS: "http://www.w3.org/2005/Atom", Lang: r.cat.Languages[li].Code,
		Title: title + " | " + site, ID: self, Updated: stories[0].Date.Format(time.RFC3339),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: r.cat.BaseURL + r.index[model.StoriesPage][li].Path},
		},
		Author: atomPerson{Name: site},
	}
	for _, s := range stories[:min(feedEntries, len(stories))] {
		body, err := r.markdown(s.Body)
		if err != nil {
			return err
		}
		u := r.cat.BaseURL + s.Page.Path
		f.Entries = append(f.Entries, atomEntry{
			Title: s.Title, ID: u, Updated: s.Date.Format(time.RFC3339),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: u}, Summary: s.Summary,
			Content: atomHTML{Type: "html", Body: body},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(w).Encode(f)
}
