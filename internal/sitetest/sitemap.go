package sitetest

import (
	"encoding/xml"
	"testing"
)

// Sitemap is a parsed sitemap.xml: its root element and each address with
// its xhtml:link alternates.
type Sitemap struct {
	XMLName xml.Name
	URLs    []SitemapURL `xml:"url"`
}

// SitemapURL is one <url> of a sitemap.
type SitemapURL struct {
	Loc   string `xml:"loc"`
	Links []struct {
		Rel      string `xml:"rel,attr"`
		Hreflang string `xml:"hreflang,attr"`
		Href     string `xml:"href,attr"`
	} `xml:"http://www.w3.org/1999/xhtml link"`
}

// ParseSitemap parses data as a sitemap, failing the test if it is not
// well-formed XML.
func ParseSitemap(t testing.TB, data []byte) Sitemap {
	t.Helper()
	var sm Sitemap
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatalf("sitemap.xml is not well-formed: %v", err)
	}
	return sm
}
