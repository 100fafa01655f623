package load

import (
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/vntext"
	yaml "go.yaml.in/yaml/v4"
)

// PlacesFile is the site's optional table of places: the province the
// catalogue's region belongs to today, its communes and the former
// communes (and districts) each was made of, and the bodies that issue
// certificates, with when each existed.
const PlacesFile = "content/places.yaml"

// Places is content/places.yaml.
type Places struct {
	File string
	// Province is today's province, Since the day it came to be, and
	// Formerly the provinces it was made of.
	Province Text
	Since    time.Time
	Formerly []Text
	Source   string
	// Region is the former province the catalogue's areas (site.yaml's
	// districts) were districts of.
	Region Text
	Pos    diag.Pos
	// Communes are today's communes (and wards) of the region.
	Communes []*Commune
	// Issuers are the bodies whose decisions recognise products, with
	// when each could issue them.
	Issuers []Issuer
}

// CommuneKinds are the kinds of today's commune-level units; FormerKinds
// those of the units they were made of.
var (
	CommuneKinds = []string{"xã", "phường", "đặc khu"}
	FormerKinds  = []string{"xã", "phường", "thị trấn"}
)

// Commune is a commune (or ward) as it is today.
type Commune struct {
	Name Text
	Kind string // one of CommuneKinds
	// Formerly are the communes it was made of.
	Formerly []FormerCommune
	Source   string
	// Illustrative marks an entry not taken from a published source.
	Illustrative bool
	Note         string
	Pos          diag.Pos
}

// FormerCommune is a commune as it was before the province's communes
// were rearranged.
type FormerCommune struct {
	Name string
	Kind string // one of FormerKinds
	// District is the slug of the site.yaml district (the catalogue's
	// area) it was in; Province, when set, the former province it was in
	// other than the region (District is then not one of the site's).
	District Ref
	Province string
	// Part reports that only part of it went into this commune.
	Part bool
	// Aka is another spelling of the name (the resolution's, say).
	Aka string
	Pos diag.Pos
}

// Issuer is a body that issues OCOP recognition decisions, with the days
// it could: from Since (zero: always) to Until (zero: still).
type Issuer struct {
	Name   string
	Aka    []string
	Since  time.Time
	Until  time.Time
	Source string
	Note   string
	Pos    diag.Pos
}

// decodePlaces decodes content/places.yaml.
func decodePlaces(d *decoder, data []byte) *Places {
	root := d.parse(data)
	if root == nil {
		return nil
	}
	p := &Places{File: d.file, Pos: d.pos(root)}
	d.mapping(root, "places.yaml", []field{
		{name: "province", required: true, decode: func(_, v *yaml.Node) {
			d.mapping(v, "province", []field{
				{name: "name", required: true, decode: func(_, v *yaml.Node) { p.Province = d.requiredPlace(v, "province.name") }},
				{name: "since", required: true, decode: func(_, v *yaml.Node) { p.Since, _ = d.date(v, "province.since") }},
				{name: "formerly", decode: func(_, v *yaml.Node) {
					d.list(v, "province.formerly", func(item *yaml.Node) {
						p.Formerly = append(p.Formerly, d.requiredPlace(item, diag.M("a former province")))
					})
				}},
				{name: "source", decode: func(_, v *yaml.Node) { p.Source, _ = d.str(v, "province.source") }},
			})
		}},
		{name: "region", required: true, decode: func(_, v *yaml.Node) { p.Region = d.requiredPlace(v, "region") }},
		{name: "communes", decode: func(_, v *yaml.Node) {
			d.list(v, "communes", func(item *yaml.Node) {
				if c := decodeCommune(d, item); c != nil {
					p.Communes = append(p.Communes, c)
				}
			})
		}},
		{name: "issuers", decode: func(_, v *yaml.Node) {
			d.list(v, "issuers", func(item *yaml.Node) {
				if is, ok := decodeIssuer(d, item); ok {
					p.Issuers = append(p.Issuers, is)
				}
			})
		}},
	})
	return p
}

// place decodes a place's name: a text per language, or a plain name that
// is the same in every language.
func (d *decoder) place(n *yaml.Node, what any) Text {
	t := d.text(n, what)
	if n.Kind == yaml.ScalarNode {
		t = t.Everywhere()
	}
	return t
}

// requiredPlace decodes the name of a place of the table, which must be
// given: a text per language, or a plain name (the default language's,
// which the pages show in every language; English pages without its
// marks).
func (d *decoder) requiredPlace(n *yaml.Node, what any) Text {
	t := d.text(n, what)
	if t.Values != nil && t.Values[0] == "" {
		d.errorf(n, "missing-field", "%s is empty", what)
	}
	return t
}

func decodeCommune(d *decoder, n *yaml.Node) *Commune {
	c := &Commune{Pos: d.pos(n)}
	ok := d.mapping(n, diag.M("a commune"), []field{
		{name: "name", required: true, decode: func(_, v *yaml.Node) { c.Name = d.requiredPlace(v, "name") }},
		{name: "kind", required: true, decode: func(_, v *yaml.Node) { c.Kind = d.kind(v, CommuneKinds) }},
		{name: "formerly", required: true, decode: func(_, v *yaml.Node) {
			d.list(v, "formerly", func(item *yaml.Node) {
				if f, ok := decodeFormer(d, item); ok {
					c.Formerly = append(c.Formerly, f)
				}
			})
		}},
		{name: "source", decode: func(_, v *yaml.Node) { c.Source, _ = d.str(v, "source") }},
		{name: "illustrative", decode: func(_, v *yaml.Node) { c.Illustrative = d.boolean(v, "illustrative") }},
		{name: "note", decode: func(_, v *yaml.Node) { c.Note, _ = d.str(v, "note") }},
	})
	if !ok || c.Name.Values == nil || c.Name.Values[0] == "" {
		return nil
	}
	if c.Source == "" && !c.Illustrative {
		d.errorf(n, "source", "commune %s has no source: name the resolution it comes from (source: …), or mark it illustrative: true", c.Name.Values[0])
	}
	return c
}

func decodeFormer(d *decoder, n *yaml.Node) (FormerCommune, bool) {
	f := FormerCommune{Pos: d.pos(n)}
	ok := d.mapping(n, diag.M("a former commune"), []field{
		{name: "name", required: true, decode: func(_, v *yaml.Node) { f.Name = d.requiredStr(v, "name") }},
		{name: "kind", required: true, decode: func(_, v *yaml.Node) { f.Kind = d.kind(v, FormerKinds) }},
		{name: "district", required: true, decode: func(_, v *yaml.Node) { f.District = Ref{d.requiredStr(v, "district"), d.pos(v)} }},
		{name: "province", decode: func(_, v *yaml.Node) { f.Province, _ = d.str(v, "province") }},
		{name: "part", decode: func(_, v *yaml.Node) { f.Part = d.boolean(v, "part") }},
		{name: "aka", decode: func(_, v *yaml.Node) { f.Aka, _ = d.str(v, "aka") }},
		{name: "note"},
	})
	return f, ok && f.Name != ""
}

// kind decodes the kind of a commune-level unit, one of kinds.
func (d *decoder) kind(n *yaml.Node, kinds []string) string {
	s := strings.ToLower(d.requiredStr(n, "kind"))
	if s == "" {
		return ""
	}
	for _, k := range kinds {
		if vntext.NFC(s) == k {
			return k
		}
	}
	d.errorf(n, "unknown-kind", "unknown kind %q%s; kinds are %s", s, diag.DidYouMean(s, kinds), strings.Join(kinds, ", "))
	return ""
}

func decodeIssuer(d *decoder, n *yaml.Node) (Issuer, bool) {
	is := Issuer{Pos: d.pos(n)}
	ok := d.mapping(n, diag.M("an issuer"), []field{
		{name: "name", required: true, decode: func(_, v *yaml.Node) { is.Name = d.requiredStr(v, "name") }},
		{name: "aka", decode: func(_, v *yaml.Node) {
			d.list(v, "aka", func(item *yaml.Node) {
				if s, ok := d.str(item, "aka"); ok {
					is.Aka = append(is.Aka, s)
				}
			})
		}},
		{name: "since", decode: func(_, v *yaml.Node) { is.Since, _ = d.date(v, "since") }},
		{name: "until", decode: func(_, v *yaml.Node) { is.Until, _ = d.date(v, "until") }},
		{name: "source", decode: func(_, v *yaml.Node) { is.Source, _ = d.str(v, "source") }},
		{name: "note", decode: func(_, v *yaml.Node) { is.Note, _ = d.str(v, "note") }},
		// What the issuer recognised and how its numbers end: for the
		// office's reference, not checked.
		{name: "stars"},
		{name: "number"},
		{name: "district"},
		{name: "scope"},
	})
	if ok && !is.Since.IsZero() && !is.Until.IsZero() && is.Until.Before(is.Since) {
		d.errorf(n, "date", "issuer %s: until (%s) is before since (%s)", is.Name, is.Until.Format(time.DateOnly), is.Since.Format(time.DateOnly))
	}
	return is, ok && is.Name != ""
}
