package model

import (
	"strconv"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
)

// Gap is a record that lacks some of its translations: the fields it has
// in the default language but not in another.
type Gap struct {
	// Kind is "product", "producer", "story", "district" or "group".
	Kind string
	File string
	// Pos is where the first missing field is written.
	Pos diag.Pos
	// Missing[i] are the fields missing in language i (never the default).
	Missing [][]string
}

// Translations says, for one kind of record, how many there are and how
// many are complete in each language.
type Translations struct {
	Kind     string
	Total    int
	Complete []int // by language
}

// Untranslated returns the gaps in the catalogue's products, producers and
// stories, by file, and the counts of complete records per language. A
// story missing in a language is a gap of its default-language file (or
// its first one), with the field "story".
func (c *Catalogue) Untranslated() ([]Gap, []Translations) {
	nl := len(c.Languages)
	var gaps []Gap
	counts := []Translations{
		{Kind: "product", Total: len(c.Products), Complete: make([]int, nl)},
		{Kind: "producer", Total: len(c.Producers), Complete: make([]int, nl)},
		{Kind: "story", Total: len(c.Stories), Complete: make([]int, nl)},
	}
	add := func(k int, g *gapBuilder) {
		for li := range c.Languages {
			if len(g.gap.Missing[li]) == 0 {
				counts[k].Complete[li]++
			}
		}
		if g.found {
			gaps = append(gaps, g.gap)
		}
	}
	for _, p := range c.Products {
		g := newGap("product", p.File, nl)
		g.text("name", p.Name)
		g.text("summary", p.Summary)
		g.text("description", p.Description)
		g.text("commune", p.Commune)
		g.text("certificate.issuer", p.Certificate.Issuer)
		for _, s := range p.Specs {
			g.text("specs."+s.Key, s.Value)
		}
		if p.Price != nil {
			g.text("price.unit", p.Price.Unit)
		}
		for i, img := range p.Images {
			g.text("images["+strconv.Itoa(i)+"].alt", img.Alt)
		}
		add(0, g)
	}
	for _, p := range c.Producers {
		g := newGap("producer", p.File, nl)
		g.text("name", p.Name)
		g.text("address", p.Address)
		g.text("description", p.Description)
		add(1, g)
	}
	// The names in site.yaml are gaps too, not counted as records.
	for _, d := range c.Districts {
		g := newGap("district", "site.yaml", nl)
		g.text("name", d.Name)
		g.text("description", d.Description)
		if g.found {
			gaps = append(gaps, g.gap)
		}
	}
	for _, gr := range c.Groups {
		g := newGap("group", "site.yaml", nl)
		g.text("name", gr.Name)
		g.text("description", gr.Description)
		if g.found {
			gaps = append(gaps, g.gap)
		}
	}
	for _, s := range c.Stories {
		var first *StoryVersion
		for _, v := range s.Versions {
			if v != nil {
				first = v
				break
			}
		}
		g := newGap("story", first.File, nl)
		for li, v := range s.Versions {
			if v == nil {
				g.gap.Missing[li] = append(g.gap.Missing[li], "story")
				g.at(diag.Pos{File: first.File, Line: 1, Col: 1})
			}
		}
		add(2, g)
	}
	return gaps, counts
}

type gapBuilder struct {
	gap   Gap
	found bool
}

func newGap(kind, file string, nl int) *gapBuilder {
	return &gapBuilder{gap: Gap{Kind: kind, File: file, Missing: make([][]string, nl)}}
}

func (g *gapBuilder) at(pos diag.Pos) {
	if !g.found {
		g.gap.Pos = pos
		g.found = true
	}
}

// text notes the languages in which a field given in the default language
// is missing.
func (g *gapBuilder) text(field string, t load.Text) {
	if len(t.Values) == 0 || t.Values[0] == "" {
		return
	}
	for li := 1; li < len(t.Values); li++ {
		if t.Values[li] == "" {
			g.gap.Missing[li] = append(g.gap.Missing[li], field)
			g.at(t.Pos)
		}
	}
}
