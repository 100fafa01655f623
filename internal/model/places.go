package model

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// Places are the catalogue's places (content/places.yaml): the province
// its region belongs to today, and its communes with the former communes
// each was made of.
//
// The catalogue's areas are the region's former districts (site.yaml's
// districts). A commune made of former communes of two districts belongs
// to both areas: a record filed under either may name it, and the page of
// each area lists it among the communes that cover the area now.
type Places struct {
	Province load.Text
	// Since is the day the province and its communes came to be.
	Since    time.Time
	Formerly []load.Text
	Region   load.Text
	Communes []*Commune
	Issuers  []load.Issuer

	today  map[string][]*Commune       // by vntext.PlaceKey of the name
	former map[string][]*FormerCommune // by key of the name and of its other spelling
	// names are every name, today's and former, for "did you mean".
	names []string
}

// Commune is a commune (or ward) as it is today.
type Commune struct {
	Name load.Text
	Kind string
	// Formerly are the communes it was made of.
	Formerly []*FormerCommune
	// Districts are the areas it covers: those of its former communes,
	// in site.yaml's order.
	Districts    []*District
	Source       string
	Illustrative bool
	// Key names it for package deps.
	Key string
}

// FormerCommune is a commune as it was before the communes of the
// province were rearranged.
type FormerCommune struct {
	Name string
	Kind string
	// District is the area it was in (nil for one of another former
	// province, named by Province).
	District *District
	Province string
	Part     bool
	// Commune is the commune it is part of today.
	Commune *Commune
}

// Place is where a product is made or a producer is: the commune its
// record names, resolved.
type Place struct {
	// Written is the commune as the record names it ("" when it names
	// none).
	Written load.Text
	// Commune is the commune today; nil without a places table or
	// without a commune.
	Commune *Commune
	// Former is the former commune the record names; nil when it names
	// today's commune (or none).
	Former *FormerCommune
	// District is the area: a product's folder, a producer's area.
	District *District
}

// Before reports whether the place was another one before the communes
// were rearranged: always, since the districts are gone.
func (p Place) Before() bool { return p.District != nil || p.Former != nil }

// unitKinds are the prefixes a written commune may start with.
var unitKinds = []string{"thị trấn", "đặc khu", "phường", "xã"}

// splitKind splits "Xã Thông Nguyên" into "xã" and "Thông Nguyên".
func splitKind(s string) (kind, name string) {
	s = strings.TrimSpace(vntext.NFC(s))
	lower := strings.ToLower(s)
	for _, k := range unitKinds {
		if rest, ok := strings.CutPrefix(lower, k+" "); ok {
			return k, strings.TrimSpace(s[len(s)-len(rest):])
		}
	}
	return "", s
}

// buildPlaces joins places.yaml to the districts, reporting what does not
// fit.
func buildPlaces(src *load.Places, districts map[string]*District, order []*District, diags *diag.List) *Places {
	ps := &Places{Province: src.Province, Since: src.Since, Formerly: src.Formerly, Region: src.Region, Issuers: src.Issuers,
		today: map[string][]*Commune{}, former: map[string][]*FormerCommune{}}
	index := map[*District]int{}
	for i, d := range order {
		index[d] = i
	}
	names := map[string]bool{}
	for _, c := range src.Communes {
		name := c.Name.Values[0]
		x := &Commune{Name: c.Name, Kind: c.Kind, Source: c.Source, Illustrative: c.Illustrative, Key: vntext.PlaceKey(name)}
		for _, other := range ps.today[x.Key] {
			if other.Kind == x.Kind {
				diags.Errorf(c.Pos, "duplicate", "%s %s is listed twice", x.Kind, name)
			}
		}
		if len(ps.today[x.Key]) > 0 {
			x.Key += "/" + x.Kind
		}
		for _, f := range c.Formerly {
			fc := &FormerCommune{Name: f.Name, Kind: f.Kind, Province: f.Province, Part: f.Part, Commune: x}
			if f.Province == "" {
				if fc.District = districts[f.District.Value]; fc.District == nil {
					diags.Errorf(f.District.Pos, "unknown-district", "%q is not a district in site.yaml%s; write the district's slug, or the former province (province: …) of a commune outside the region",
						f.District.Value, diag.DidYouMean(f.District.Value, slices.Sorted(maps.Keys(districts))))
				} else if !slices.Contains(x.Districts, fc.District) {
					x.Districts = append(x.Districts, fc.District)
				}
			}
			x.Formerly = append(x.Formerly, fc)
			for _, n := range []string{f.Name, f.Aka} {
				if n != "" {
					k := vntext.PlaceKey(n)
					ps.former[k] = append(ps.former[k], fc)
					names[n] = true
				}
			}
		}
		slices.SortFunc(x.Districts, func(a, b *District) int { return index[a] - index[b] })
		ps.today[vntext.PlaceKey(name)] = append(ps.today[vntext.PlaceKey(name)], x)
		names[name] = true
		ps.Communes = append(ps.Communes, x)
		for _, d := range x.Districts {
			d.Communes = append(d.Communes, x)
		}
	}
	ps.names = slices.Sorted(maps.Keys(names))
	return ps
}

// resolve finds the commune a record names: written (with or without its
// kind, "Xã Thông Nguyên" or "Thông Nguyên"), in area (nil when not
// known). The former communes are looked at first when former is true
// (a certificate issued before the communes were rearranged), today's
// first otherwise. A former commune that was divided between two of
// today's is taken to be part of hint when hint is one of them (a
// product's producer's commune), else of the first, with a warning. It
// reports a name it does not know, with "did you mean"; one that is not
// in area (a record's folder when folder is true, a producer's area:
// otherwise); and, with no area, a commune of two areas.
func (ps *Places) resolve(written load.Text, area *District, former, folder bool, hint *Commune, diags *diag.List) Place {
	pl := Place{Written: written, District: area}
	raw := ""
	if len(written.Values) > 0 {
		raw = written.Values[0]
	}
	if ps == nil || raw == "" {
		return pl
	}
	kind, name := splitKind(raw)
	key := vntext.PlaceKey(name)
	var today, todayHere []*Commune
	for _, c := range ps.today[key] {
		if kind == "" || c.Kind == kind {
			today = append(today, c)
			if area == nil || slices.Contains(c.Districts, area) {
				todayHere = append(todayHere, c)
			}
		}
	}
	var before, beforeHere []*FormerCommune
	for _, f := range ps.former[key] {
		if kind == "" || f.Kind == kind {
			before = append(before, f)
			if area == nil || f.District == area {
				beforeHere = append(beforeHere, f)
			}
		}
	}
	useFormer := func() bool {
		if len(beforeHere) == 0 {
			return false
		}
		f := beforeHere[0]
		for _, g := range beforeHere {
			if g.Commune == hint {
				f = g
			}
		}
		if len(beforeHere) > 1 && f.Commune != hint && !sameCommune(nil, beforeHere) {
			var parts []string
			for _, g := range beforeHere {
				parts = append(parts, g.Commune.Kind+" "+g.Commune.Name.Values[0])
			}
			diags.Warnf(written.Pos, "divided-commune", "%s %s was divided between %s; the pages take it to be part of %s: name the producer's commune (today's) to say which",
				f.Kind, f.Name, diag.And(slices.Compact(parts)...), parts[0])
		}
		pl.Former, pl.Commune = f, f.Commune
		if pl.District == nil {
			pl.District = f.District
		}
		return true
	}
	useToday := func() bool {
		if len(todayHere) == 0 {
			return false
		}
		pl.Commune = todayHere[0]
		if pl.District == nil {
			if len(pl.Commune.Districts) == 1 {
				pl.District = pl.Commune.Districts[0]
			} else if len(pl.Commune.Districts) > 1 {
				var slugs []string
				for _, d := range pl.Commune.Districts {
					slugs = append(slugs, d.Slug)
				}
				diags.Warnf(written.Pos, "area-needed", "%s %s covers the areas %s: say which one it was in (area: …), for the pages to say what the place was",
					pl.Commune.Kind, name, diag.And(slugs...))
			}
		}
		return true
	}
	if former && (useFormer() || useToday()) || !former && (useToday() || useFormer()) {
		if area == nil && len(todayHere)+len(beforeHere) > 1 && !sameCommune(todayHere, beforeHere) {
			diags.Errorf(written.Pos, "ambiguous-commune", "there is more than one %s %s; give the area it was in (area: with a district's slug)", unitOr(kind), name)
		}
		return pl
	}
	if len(today) > 0 || len(before) > 0 {
		var areas []string
		for _, c := range today {
			for _, d := range c.Districts {
				areas = append(areas, d.Slug)
			}
		}
		for _, f := range before {
			if f.District != nil {
				areas = append(areas, f.District.Slug)
			}
		}
		if len(areas) == 0 {
			// The table's entries for it are wrong, and say so.
			return pl
		}
		slices.Sort(areas)
		question := diag.M("is the record in the right folder?")
		if !folder {
			question = diag.M("is the area right?")
		}
		diags.Errorf(written.Pos, "commune-area", "%s %s is in %s, not in %s: %s",
			unitOr(kind), name, diag.And(slices.Compact(areas)...), area.Slug, question)
		return pl
	}
	diags.Errorf(written.Pos, "unknown-commune", "unknown commune %q%s; the communes, today's and former, are in %s",
		raw, diag.DidYouMean(name, ps.names), load.PlacesFile)
	return pl
}

// sameCommune reports whether every match leads to one commune today.
func sameCommune(today []*Commune, before []*FormerCommune) bool {
	var one *Commune
	for _, c := range today {
		if one != nil && c != one {
			return false
		}
		one = c
	}
	for _, f := range before {
		if one != nil && f.Commune != one {
			return false
		}
		one = f.Commune
	}
	return true
}

func unitOr(kind string) any {
	if kind == "" {
		return diag.M("commune")
	}
	return kind
}
