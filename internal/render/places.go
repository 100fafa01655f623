package render

import (
	"strings"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// Places as pages say them, in each language, from the interface strings
// (place.*): today's first ("xã Thông Nguyên, tỉnh Tuyên Quang"), then,
// beside it, what the place was before the communes were rearranged
// ("xã Thông Nguyên, huyện Hoàng Su Phì, tỉnh Hà Giang").

// placeOf returns the place of a product or a producer.
func placeOf(x any) (model.Place, bool) {
	switch v := x.(type) {
	case *model.Product:
		return v.Place, true
	case *model.Producer:
		return v.Place, true
	}
	return model.Place{}, false
}

// name returns a place name in language li: English writes Vietnamese
// names without their marks; other languages as given.
func (r *Renderer) name(li int, t load.Text) string {
	s, from := model.Get(t, li)
	if from != li && r.cat.Languages[li].Code == "en" {
		return vntext.Latin(s)
	}
	return s
}

// unit names a commune-level unit of kind in language li ("xã Lũng Cú",
// "Lung Cu commune").
func (r *Renderer) unit(li int, kind string, name load.Text) string {
	s, _ := r.str(li, "place.unit."+vntext.Slug(kind), "name", r.name(li, name))
	return s
}

// district names an area as the district it was ("huyện Hoàng Su Phì");
// a city's name is written whole.
func (r *Renderer) district(li int, d *model.District) string {
	n, _ := model.Get(d.Name, li)
	if d.Kind == "city" {
		// Written whole, in the middle of a sentence: "thành phố Hà
		// Giang", not "Thành phố Hà Giang".
		for _, unit := range []string{"Thành phố ", "Thị xã "} {
			if rest, ok := strings.CutPrefix(n, unit); ok {
				return strings.ToLower(unit) + rest
			}
		}
		return n
	}
	s, _ := r.str(li, "place.district", "name", n)
	return s
}

func (r *Renderer) province(li int, name load.Text) string {
	s, _ := r.str(li, "place.province", "name", r.name(li, name))
	return s
}

// placeNow says where pl is today: its commune and province; without a
// places table, the commune as the record names it.
func (r *Renderer) placeNow(li int, pl model.Place) string {
	ps := r.cat.Places
	written, _ := model.Get(pl.Written, li)
	switch {
	case ps == nil || pl.Commune == nil && written != "":
		return written
	case pl.Commune == nil:
		return r.province(li, ps.Province)
	}
	s, _ := r.str(li, "place.now", "commune", r.unit(li, pl.Commune.Kind, pl.Commune.Name), "province", r.province(li, ps.Province))
	return s
}

// placeBefore says where pl was before the communes were rearranged:
// the former commune (when the record names it), the district and the
// former province; "" without a places table.
func (r *Renderer) placeBefore(li int, pl model.Place) string {
	ps := r.cat.Places
	if ps == nil || pl.District == nil {
		return ""
	}
	var s string
	if f := pl.Former; f != nil {
		s, _ = r.str(li, "place.before", "commune", r.unit(li, f.Kind, load.Text{Values: []string{f.Name}}),
			"district", r.district(li, pl.District), "province", r.province(li, ps.Region))
	} else {
		s, _ = r.str(li, "place.area-before", "district", r.district(li, pl.District), "province", r.province(li, ps.Region))
	}
	note, _ := r.str(li, "place.before-date", "date", r.date(li, ps.Since), "place", s)
	return note
}

// areaHistory says what an area was, and since when it is no more.
func (r *Renderer) areaHistory(li int, d *model.District) string {
	ps := r.cat.Places
	if ps == nil {
		return ""
	}
	s, _ := r.str(li, "area.history", "district", r.district(li, d), "region", r.province(li, ps.Region),
		"date", r.date(li, ps.Since), "province", r.province(li, ps.Province))
	return s
}

// communeName says a commune of today with its kind.
func (r *Renderer) communeName(li int, c *model.Commune) string {
	if c == nil {
		return ""
	}
	return r.unit(li, c.Kind, c.Name)
}

// addressLine is a producer's address with today's commune and province,
// in the order language li writes addresses ("Thôn Lô Lô Chải, xã Lũng
// Cú, tỉnh Tuyên Quang"; in Chinese from the province down).
func (r *Renderer) addressLine(li int, p *model.Producer) string {
	addr, _ := model.Get(p.Address, li)
	place := ""
	if w, _ := model.Get(p.Place.Written, li); w != "" || p.Place.Commune != nil {
		place = r.placeNow(li, p.Place)
	}
	switch {
	case place == "":
		return addr
	case addr == "":
		return place
	}
	s, _ := r.str(li, "place.address", "address", addr, "place", place)
	return s
}

// postalAddress is a producer's address as schema.org says it.
type postalAddress struct {
	Type     string `json:"@type"`
	Street   string `json:"streetAddress,omitempty"`
	Locality string `json:"addressLocality,omitempty"`
	Region   string `json:"addressRegion,omitempty"`
	Country  string `json:"addressCountry"`
}

// address is the producer's postal address in language li: today's
// commune and province, where the places table knows them.
func (r *Renderer) address(li int, p *model.Producer) *postalAddress {
	a := &postalAddress{Type: "PostalAddress", Country: "VN"}
	a.Street, _ = model.Get(p.Address, li)
	if ps := r.cat.Places; ps != nil && p.Place.Commune != nil {
		a.Locality = r.unit(li, p.Place.Commune.Kind, p.Place.Commune.Name)
		a.Region = r.name(li, ps.Province)
	} else if s, _ := model.Get(p.Place.Written, li); s != "" {
		a.Locality = s
	}
	return a
}

// placeWords are the words by which search finds a place: today's and
// the former commune, district and province, as the page says them and as
// Vietnamese writes them (a buyer types "Hà Giang" on an English page
// too).
func (r *Renderer) placeWords(li int, pl model.Place) []string {
	words := []string{r.placeNow(li, pl), r.placeBefore(li, pl)}
	if c := pl.Commune; c != nil {
		words = append(words, c.Name.Values[0])
	}
	if f := pl.Former; f != nil {
		words = append(words, f.Name)
	}
	if ps := r.cat.Places; ps != nil {
		words = append(words, ps.Province.Values[0], ps.Region.Values[0])
	}
	return words
}
