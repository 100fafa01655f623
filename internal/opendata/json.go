package opendata

import (
	"bufio"
	"io"
	"strconv"

	"github.com/hagiang-ocop/ocop/internal/model"
)

func (d *data) productsJSON(w io.Writer) error {
	items := d.productItems()
	return writeList(w, d.header(ProductsSchema), "products", func(item func(appender) error) error {
		return d.products(func(p *model.Product) error { return item(record{items, p}) })
	})
}

func (d *data) producersJSON(w io.Writer) error {
	items := d.producerItems()
	return writeList(w, d.header(ProducersSchema), "producers", func(item func(appender) error) error {
		return d.producers(func(p *model.Producer) error { return item(record{items, p}) })
	})
}

// record is a record and the items it is written as.
type record struct {
	items []item
	rec   any
}

func (r record) appendJSON(b []byte) []byte {
	b = append(b, '{')
	for _, it := range r.items {
		if it.json != nil {
			b = it.json(b, r.rec)
		}
	}
	return append(b, '}')
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
