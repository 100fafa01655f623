package model

import (
	"encoding/binary"
	"hash"
	"hash/fnv"
	"io"
)

// Fingerprint sums up everything page p shows: the versions of the records
// on it (the page's own, its products and their producers, its stories),
// the counts it gives, and its place among the pages. When a rebuild leaves
// a page's fingerprint as it was, rendering the page again would give the
// same HTML; ocop serve re-renders only the pages whose fingerprint changed.
// theme is the version of site.yaml and the theme, which every page shows.
func (c *Catalogue) Fingerprint(p *Page, theme uint64) uint64 {
	f := &fingerprint{h: fnv.New64a()}
	// Not the build's date: a page shows it only through which
	// certificates are current, and those are summed up below.
	f.num(theme)
	f.str(string(p.Kind))
	f.str(p.Path)
	f.num(uint64(p.Number), uint64(p.Count))
	for _, t := range p.Translations {
		if t != nil {
			f.str(t.Path)
		}
	}
	li := p.Lang.Index
	switch p.Kind {
	case HomePage:
		f.num(uint64(c.Current))
		for _, d := range c.Districts {
			f.num(uint64(d.ByStars[3]), uint64(d.ByStars[4]), uint64(d.ByStars[5]), uint64(len(d.Products[li])))
		}
		for _, s := range c.Stars {
			f.num(uint64(len(s.Products[li])))
		}
		// The featured products: the first of each star level, best first.
		n := 0
		for _, s := range c.Stars {
			for _, pr := range s.Products[li] {
				if n == featured {
					break
				}
				f.product(pr)
				n++
			}
		}
		f.stories(c.StoriesIn[li], latest)
	case ProductPage:
		f.product(p.Product)
		f.bool(p.Product.Current)
		for _, r := range p.Product.Related {
			f.product(r)
		}
		f.stories(p.Product.Stories[li], -1)
	case DistrictsPage:
		for _, d := range c.Districts {
			f.num(uint64(d.ByStars[3]), uint64(d.ByStars[4]), uint64(d.ByStars[5]), uint64(len(d.Products[li])))
		}
	case StarsPage:
		for _, s := range c.Stars {
			f.num(uint64(len(s.Products[li])))
		}
	case GroupsPage:
		for _, g := range c.Groups {
			f.num(uint64(len(g.Products[li])))
		}
	case ProducersPage:
		for _, pr := range c.Producers {
			f.num(pr.Version, uint64(len(pr.Products[li])))
		}
	case StoriesPage:
		f.stories(c.StoriesIn[li], -1)
	case StoryPage:
		f.num(p.Story.Version)
		for _, pr := range p.Story.Products {
			f.product(pr)
		}
	case TradePage:
		f.num(uint64(c.Current))
		for _, d := range c.Districts {
			f.num(uint64(len(d.Products[li])))
		}
		for _, s := range c.Stars {
			f.num(uint64(len(s.Products[li])))
		}
		f.num(uint64(len(c.StoriesIn[li])))
	case ShortlistPage:
		// The same page for every catalogue: the browser fills it in.
	case SearchPage:
		// Its filters: the districts and groups (in the theme's version)
		// with their counts.
		for _, d := range c.Districts {
			f.num(uint64(len(d.Products[li])))
		}
		for _, g := range c.Groups {
			f.num(uint64(len(g.Products[li])))
		}
	case PrintPage, LabelsPage:
		// A print edition says when it was made.
		f.str(c.Now.Format("2006-01-02"))
		for _, pr := range p.Items {
			f.product(pr)
		}
	case DistrictPage, StarPage, GroupPage, ProducerPage:
		f.num(uint64(len(p.Items)))
		if p.District != nil {
			f.num(uint64(len(p.District.Products[li])))
		}
		if p.Star != nil {
			f.num(uint64(len(p.Star.Products[li])))
		}
		if p.Group != nil {
			f.num(uint64(len(p.Group.Products[li])))
			for _, g := range p.Group.Children {
				f.num(uint64(len(g.Products[li])))
			}
		}
		if p.Producer != nil {
			f.num(p.Producer.Version, uint64(len(p.Producer.Products[li])))
		}
		for _, pr := range p.Items {
			f.product(pr)
		}
	}
	return f.h.Sum64()
}

// featured and latest are how many products and stories the home page shows.
const (
	featured = 8
	latest   = 3
)

type fingerprint struct {
	h   hash.Hash64
	buf [8]byte
}

func (f *fingerprint) num(xs ...uint64) {
	for _, x := range xs {
		binary.LittleEndian.PutUint64(f.buf[:], x)
		f.h.Write(f.buf[:])
	}
}

func (f *fingerprint) str(s string) {
	io.WriteString(f.h, s)
	f.h.Write([]byte{0})
}

func (f *fingerprint) bool(b bool) {
	if b {
		f.num(1)
	} else {
		f.num(0)
	}
}

// product adds what a product's card or page shows: its record, its
// photos and its producer's record.
func (f *fingerprint) product(p *Product) {
	f.str(p.Slug)
	f.num(p.Version, p.Producer.Version)
	for _, img := range p.Images {
		f.str(img.Hash)
	}
}

// stories adds the first n stories (all when n < 0).
func (f *fingerprint) stories(vs []*StoryVersion, n int) {
	for i, v := range vs {
		if i == n {
			break
		}
		f.str(v.Slug)
		f.num(v.Version)
		if v.Image != nil {
			f.str(v.Image.Hash)
		}
	}
}
