package opendata

import (
	"bufio"
	"io"
	"strconv"
)

func (d *data) productsJSON(w io.Writer) error {
	return writeList(w, d.header(ProductsSchema), "products", func(item func(appender) error) error {
		return d.products(func(p *product) error { return item(p) })
	})
}

func (d *data) producersJSON(w io.Writer) error {
	return writeList(w, d.header(ProducersSchema), "producers", func(item func(appender) error) error {
		return d.producers(func(p *producer) error { return item(p) })
	})
}

// appender is a record that writes itself as JSON.
type appender interface {
	appendJSON(b []byte) []byte
}

// writeList writes the envelope h with a list named list, whose items
// each calls item with: the header's fields, then the list, one item to a
// line, so that a change to one record changes one line.
func writeList(w io.Writer, h header, list string, each func(item func(appender) error) error) error {
	return buffered(w, func(bw *bufio.Writer) error {
		b := h.appendFields(make([]byte, 0, 4<<10))
		b = append(key(b, list), '[')
		if _, err := bw.Write(b); err != nil {
			return err
		}
		n := 0
		err := each(func(x appender) error {
			b = b[:0]
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = x.appendJSON(append(b, '\n'))
			_, err := bw.Write(b)
			return err
		})
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte('\n')
		}
		_, err = bw.WriteString("]}\n")
		return err
	})
}

// key appends an object's key and its colon to b, after a comma unless it
// is the object's first.
func key(b []byte, k string) []byte {
	if c := b[len(b)-1]; c != '{' && c != '[' {
		b = append(b, ',')
	}
	return append(appendString(b, k), ':')
}

// str appends the key k and the string v.
func str(b []byte, k, v string) []byte { return appendString(key(b, k), v) }

// strOmit appends the key k and the string v, unless v is "".
func strOmit(b []byte, k, v string) []byte {
	if v == "" {
		return b
	}
	return str(b, k, v)
}

// integer appends the key k and the number v.
func integer(b []byte, k string, v int64) []byte { return strconv.AppendInt(key(b, k), v, 10) }

// strs appends the key k and the list of strings v.
func strs(b []byte, k string, v []string) []byte {
	b = append(key(b, k), '[')
	for i, s := range v {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendFields appends the envelope's opening brace and fields.
func (h header) appendFields(b []byte) []byte {
	b = str(append(b, '{'), "$schema", h.Schema)
	b = h.Title.appendJSON(key(b, "title"))
	b = str(b, "generated", h.Generated)
	b = append(key(b, "languages"), '[')
	for i, l := range h.Languages {
		if i > 0 {
			b = append(b, ',')
		}
		b = str(str(append(b, '{'), "code", l.Code), "name", l.Name)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendJSON appends the product's object, its fields in the documented
// order.
func (p *product) appendJSON(b []byte) []byte {
	b = str(append(b, '{'), "slug", p.Slug)
	b = p.URL.appendJSON(key(b, "url"))
	b = p.Name.appendJSON(key(b, "name"))
	b = p.Summary.appendJSON(key(b, "summary"))
	b = p.Description.appendJSON(key(b, "description"))
	b = integer(b, "stars", int64(p.Stars))
	b = str(append(key(b, "group"), '{'), "key", p.Group.Key)
	b = append(p.Group.Name.appendJSON(key(b, "name")), '}')
	b = str(append(key(b, "district"), '{'), "slug", p.District.Slug)
	b = append(p.District.Name.appendJSON(key(b, "name")), '}')
	b = p.Commune.appendJSON(key(b, "commune"))
	if p.Place != nil {
		b = p.Place.appendJSON(key(b, "place"))
	}
	b = str(append(key(b, "producer"), '{'), "slug", p.Producer.Slug)
	b = append(p.Producer.Name.appendJSON(key(b, "name")), '}')
	c := p.Certificate
	b = str(append(key(b, "certificate"), '{'), "number", c.Number)
	b = str(str(b, "issued", c.Issued), "expires", c.Expires)
	b = append(c.Issuer.appendJSON(key(b, "issuer")), '}')
	if pr := p.Price; pr != nil {
		b = integer(append(key(b, "price"), '{'), "min", pr.Min)
		if pr.Max != 0 {
			b = integer(b, "max", pr.Max)
		}
		b = str(b, "currency", pr.Currency)
		b = append(pr.Unit.appendJSON(key(b, "unit")), '}')
	}
	b = p.Specs.appendJSON(key(b, "specs"))
	b = strs(b, "tags", p.Tags)
	b = append(key(b, "images"), '[')
	for i, img := range p.Images {
		if i > 0 {
			b = append(b, ',')
		}
		b = str(str(append(b, '{'), "path", img.Path), "url", img.URL)
		b = integer(integer(b, "width", int64(img.Width)), "height", int64(img.Height))
		b = append(img.Alt.appendJSON(key(b, "alt")), '}')
	}
	return append(b, ']', '}')
}

// appendJSON appends the producer's object, its fields in the documented
// order.
func (p *producer) appendJSON(b []byte) []byte {
	b = str(append(b, '{'), "slug", p.Slug)
	b = p.URL.appendJSON(key(b, "url"))
	b = p.Name.appendJSON(key(b, "name"))
	b = str(b, "kind", p.Kind)
	b = strOmit(b, "representative", p.Representative)
	b = strOmit(b, "phone", p.Phone)
	b = strOmit(b, "email", p.Email)
	b = strOmit(b, "website", p.Website)
	b = strOmit(b, "zalo", p.Zalo)
	b = p.Address.appendJSON(key(b, "address"))
	if p.Place != nil {
		b = p.Place.appendJSON(key(b, "place"))
	}
	b = strs(b, "products", p.Products)
	b = p.Description.appendJSON(key(b, "description"))
	return append(b, '}')
}
