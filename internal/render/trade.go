package render

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"github.com/hagiang-ocop/ocop/internal/htmltemplate"
	"hash/fnv"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/model"
)

// The trade promotion kit: QR codes, print editions and label sheets,
// the shortlist and the feed of newly certified products.

// QR codes are one per product, not one per language: a code leads to
// the product's page in the site's default language, whose language menu
// leads to the others (a label printed in English scans to the same
// place). The site's own code, for posters, leads to the root.

// qrDir is the folder of the products' QR codes; homeQR is the site's.
const (
	qrDir  = "qr/"
	homeQR = "qr.svg"
)

// QRPath is the path of product slug's QR code, or of the site's when
// slug is "".
func QRPath(slug string) string {
	if slug == "" {
		return homeQR
	}
	return qrDir + slug + ".svg"
}

// qrFiles returns the QR codes of every product and of the site.
func (r *Renderer) qrFiles() []File {
	files := []File{r.qrFile("", r.cat.BaseURL)}
	for _, p := range r.cat.Products {
		files = append(files, r.qrFile(p.Slug, r.cat.BaseURL+p.PagePath(0)))
	}
	return files
}

// qrFileAt returns the QR code at path, if it is one.
func (r *Renderer) qrFileAt(path string) (File, bool) {
	if path == homeQR {
		return r.qrFile("", r.cat.BaseURL), true
	}
	name, ok := strings.CutPrefix(path, qrDir)
	if !ok {
		return File{}, false
	}
	slug, ok := strings.CutSuffix(name, ".svg")
	if !ok {
		return File{}, false
	}
	p := r.cat.Product(slug)
	if p == nil {
		return File{}, false
	}
	return r.qrFile(p.Slug, r.cat.BaseURL+p.PagePath(0)), true
}

// qrFile is the QR code of url, at QRPath(slug). Its title is the address
// (pages show it with an alt text of their own language).
func (r *Renderer) qrFile(slug, url string) File {
	h := fnv.New64a()
	io.WriteString(h, url)
	return File{
		Path: QRPath(slug),
		Render: func(w io.Writer) error {
			svg, err := r.qr.SVG(url, url)
			if err != nil {
				return err
			}
			_, err = w.Write(svg)
			return err
		},
		// The code depends on the address alone.
		Inputs: h.Sum64() | 1,
	}
}

// edition returns the address of a print edition or label sheet in
// language li: kind is "print" or "labels"; x is nil or "" (the whole
// catalogue), a *model.District or a star level (int, print only).
func (r *Renderer) edition(li int, kind string, x any) (string, error) {
	var name string
	switch v := x.(type) {
	case nil:
	case string:
		if v != "" {
			return "", fmt.Errorf("edition: there is no %s edition of %q", kind, v)
		}
	case *model.District:
		name = "districts/" + v.Slug
	case int:
		name = "stars/" + strconv.Itoa(v)
	default:
		return "", fmt.Errorf("edition: there is no %s edition of %v", kind, x)
	}
	pages := r.cat.EditionPages(model.Kind(kind), name)
	if pages == nil || pages[li] == nil {
		return "", fmt.Errorf("edition: there is no %s edition of %v", kind, x)
	}
	return r.cat.BasePath + pages[li].Path, nil
}

// shortlistItem is what the shortlist keeps of a product (see
// static/shortlist.js): enough to show, print and export the list
// without the network.
type shortlistItem struct {
	Slug        string `json:"s"`
	Name        string `json:"n"`
	Stars       int    `json:"st"`
	District    string `json:"d"`
	Group       string `json:"g"`
	Producer    string `json:"p"`
	Phone       string `json:"ph,omitempty"`
	Tel         string `json:"t,omitempty"` // the phone as a tel: URL
	Certificate string `json:"c"`
	Expires     string `json:"e"`  // YYYY-MM-DD
	ExpiresText string `json:"ed"` // as the language writes dates
	URL         string `json:"u"`
	QR          string `json:"q"`
	Image       string `json:"i,omitempty"`
}

// pick is the shortlist data of product p in language li, as JSON for a
// data attribute.
func (r *Renderer) pick(li int, p *model.Product) (string, error) {
	it := shortlistItem{Slug: p.Slug, Stars: p.Stars, Phone: p.Producer.Phone, Certificate: p.Certificate.Number,
		Expires: p.Certificate.Expires.Format("2006-01-02"), ExpiresText: r.date(li, p.Certificate.Expires), URL: r.cat.BasePath + p.PagePath(li),
		QR: r.cat.BasePath + QRPath(p.Slug)}
	if it.Phone != "" {
		it.Tel = string(telURL(it.Phone))
	}
	it.Name, _ = model.Get(p.Name, li)
	it.District, _ = model.Get(p.District.Name, li)
	it.Group, _ = model.Get(p.Group.Name, li)
	it.Producer, _ = model.Get(p.Producer.Name, li)
	if len(p.Images) > 0 {
		it.Image = r.imageURL(p.Images[0])
	}
	b, err := json.Marshal(it)
	return string(b), err
}

// productFeedPath is the path of language li's feed of newly certified
// products.
func (r *Renderer) productFeedPath(li int) string {
	return r.cat.Languages[li].Code + "/products/feed.xml"
}

// newProducts returns at most n current products, the most recently
// certified first (then by slug).
func (r *Renderer) newProducts(n int) []*model.Product {
	var ps []*model.Product
	for _, p := range r.cat.Products {
		if p.Current {
			ps = append(ps, p)
		}
	}
	slices.SortStableFunc(ps, func(a, b *model.Product) int {
		return b.Certificate.Issued.Compare(a.Certificate.Issued)
	})
	return ps[:min(n, len(ps))]
}

// productFeed writes language li's Atom feed of newly certified products.
func (r *Renderer) productFeed(w io.Writer, li int) error {
	ps := r.newProducts(feedEntries)
	site, _ := model.Get(r.cat.Title, li)
	title, _ := r.str(li, "feed.products")
	self := r.cat.BaseURL + r.productFeedPath(li)
	f := atomFeed{
		NS: "http://www.w3.org/2005/Atom", Lang: r.cat.Languages[li].Code,
		Title: title + " | " + site, ID: self, Updated: ps[0].Certificate.Issued.Format(time.RFC3339),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", Href: r.cat.BaseURL + r.index[model.HomePage][li].Path},
		},
		Author: atomPerson{Name: site},
	}
	for _, p := range ps {
		name, _ := model.Get(p.Name, li)
		summary, _ := model.Get(p.Summary, li)
		stars, _ := r.str(li, "stars.certification", "n", p.Stars)
		district, _ := model.Get(p.District.Name, li)
		producer, _ := model.Get(p.Producer.Name, li)
		u := r.cat.BaseURL + p.PagePath(li)
		var body strings.Builder
		body.WriteString("<p><strong>" + template.HTMLEscapeString(stars) + "</strong> · " +
			template.HTMLEscapeString(district) + " · " + template.HTMLEscapeString(producer) + "</p>")
		if summary != "" {
			body.WriteString("<p>" + template.HTMLEscapeString(summary) + "</p>")
		}
		if len(p.Images) > 0 && p.Images[0].Format != "svg" {
			pic := r.images[p.Images[0].Path]
			body.WriteString(`<p><img src="` + template.HTMLEscapeString(r.cat.BaseURL+pic.Largest) +
				`" alt="" width="` + strconv.Itoa(pic.Width) + `" height="` + strconv.Itoa(pic.Height) + `"></p>`)
		}
		f.Entries = append(f.Entries, atomEntry{
			Title: name, ID: u, Updated: p.Certificate.Issued.Format(time.RFC3339),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: u}, Summary: summary,
			Content: atomHTML{Type: "html", Body: body.String()},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	return xml.NewEncoder(w).Encode(f)
}
