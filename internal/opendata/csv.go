package opendata

import (
	"bufio"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
)

// column is one column of a CSV file, or one per language.
type column[T any] struct {
	name string
	// perLang makes one column per language, named name_<code>; cell is
	// then called with each language's index, else with 0.
	perLang bool
	cell    func(x T, li int) cell
}

// cell is the content of one cell.
type cell struct {
	s string
	// number marks a number, written as it is; any other cell is text,
	// guarded against being taken for a formula.
	number bool
}

func text(s string) cell { return cell{s: s} }

func num(n int64) cell { return cell{s: strconv.FormatInt(n, 10), number: true} }

// perLang is a column with one cell per language of m.
func perLang[T any](name string, m func(x T) langMap) column[T] {
	return column[T]{name: name, perLang: true, cell: func(x T, li int) cell { return text(m(x).get(li)) }}
}

// one is a column of text.
func one[T any](name string, s func(x T) string) column[T] {
	return column[T]{name: name, cell: func(x T, _ int) cell { return text(s(x)) }}
}

// joined joins the items of a list in one cell.
func joined(items []string) string { return strings.Join(items, "; ") }

// guard makes text safe to open in a spreadsheet: text that starts with
// =, +, -, @, a tab or a carriage return gets a leading apostrophe, so
// that it is shown as text instead of being run as a formula.
func guard(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// writeCSV writes a CSV file of the given columns with a row for each
// record that each yields: a UTF-8 byte-order mark, the header, the rows.
func writeCSV[T any](w io.Writer, codes []string, cols []column[T], each func(row func(T) error) error) error {
	return buffered(w, func(bw *bufio.Writer) error {
		bw.WriteString("\ufeff")
		cw := csv.NewWriter(bw)
		cw.UseCRLF = true
		var fields []string
		for _, c := range cols {
			if !c.perLang {
				fields = append(fields, c.name)
				continue
			}
			for _, code := range codes {
				fields = append(fields, c.name+"_"+code)
			}
		}
		if err := cw.Write(fields); err != nil {
			return err
		}
		err := each(func(x T) error {
			fields = fields[:0]
			add := func(c cell) {
				if !c.number {
					c.s = guard(c.s)
				}
				fields = append(fields, c.s)
			}
			for _, c := range cols {
				if !c.perLang {
					add(c.cell(x, 0))
					continue
				}
				for li := range codes {
					add(c.cell(x, li))
				}
			}
			return cw.Write(fields)
		})
		if err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
}

// productColumns are the columns of products.csv, in order.
func productColumns() []column[*product] {
	return slices.Concat([]column[*product]{
		one("slug", func(p *product) string { return p.Slug }),
		perLang("url", func(p *product) langMap { return p.URL }),
		perLang("name", func(p *product) langMap { return p.Name }),
		perLang("summary", func(p *product) langMap { return p.Summary }),
		{name: "stars", cell: func(p *product, _ int) cell { return num(int64(p.Stars)) }},
		one("group", func(p *product) string { return p.Group.Key }),
		perLang("group_name", func(p *product) langMap { return p.Group.Name }),
		one("district", func(p *product) string { return p.District.Slug }),
		perLang("district_name", func(p *product) langMap { return p.District.Name }),
		perLang("commune", func(p *product) langMap { return p.Commune }),
	}, placeColumns(func(p *product) *place { return p.Place }), []column[*product]{
		one("producer", func(p *product) string { return p.Producer.Slug }),
		perLang("producer_name", func(p *product) langMap { return p.Producer.Name }),
		one("phone", func(p *product) string { return p.contact.Phone }),
		one("email", func(p *product) string { return p.contact.Email }),
		one("zalo", func(p *product) string { return p.contact.Zalo }),
		one("website", func(p *product) string { return p.contact.Website }),
		one("certificate_number", func(p *product) string { return p.Certificate.Number }),
		one("certificate_issued", func(p *product) string { return p.Certificate.Issued }),
		one("certificate_expires", func(p *product) string { return p.Certificate.Expires }),
		perLang("certificate_issuer", func(p *product) langMap { return p.Certificate.Issuer }),
		{name: "price_min", cell: func(p *product, _ int) cell {
			if p.Price == nil {
				return cell{}
			}
			return num(p.Price.Min)
		}},
		{name: "price_max", cell: func(p *product, _ int) cell {
			if p.Price == nil || p.Price.Max == 0 {
				return cell{}
			}
			return num(p.Price.Max)
		}},
		one("price_currency", func(p *product) string {
			if p.Price == nil {
				return ""
			}
			return p.Price.Currency
		}),
		perLang("price_unit", func(p *product) langMap {
			if p.Price == nil {
				return langMap{}
			}
			return p.Price.Unit
		}),
		{name: "specs", perLang: true, cell: func(p *product, li int) cell {
			var items []string
			for _, s := range p.Specs {
				if v := s.value.get(li); v != "" {
					items = append(items, s.key+": "+v)
				}
			}
			return text(joined(items))
		}},
		one("tags", func(p *product) string { return joined(p.Tags) }),
		one("images", func(p *product) string {
			urls := make([]string, len(p.Images))
			for i, img := range p.Images {
				urls[i] = img.URL
			}
			return joined(urls)
		}),
		perLang("description", func(p *product) langMap { return p.Description }),
	})
}

// producerColumns are the columns of producers.csv, in order.
func producerColumns() []column[*producer] {
	return slices.Concat([]column[*producer]{
		one("slug", func(p *producer) string { return p.Slug }),
		perLang("url", func(p *producer) langMap { return p.URL }),
		perLang("name", func(p *producer) langMap { return p.Name }),
		one("kind", func(p *producer) string { return p.Kind }),
		one("representative", func(p *producer) string { return p.Representative }),
		one("phone", func(p *producer) string { return p.Phone }),
		one("email", func(p *producer) string { return p.Email }),
		one("website", func(p *producer) string { return p.Website }),
		one("zalo", func(p *producer) string { return p.Zalo }),
		perLang("address", func(p *producer) langMap { return p.Address }),
	}, placeColumns(func(p *producer) *place { return p.Place }), []column[*producer]{
		one("products", func(p *producer) string { return joined(p.Products) }),
		perLang("description", func(p *producer) langMap { return p.Description }),
	})
}

func (d *data) productsCSV(w io.Writer) error {
	return writeCSV(w, d.codes, productColumns(), func(row func(*product) error) error {
		return d.products(row)
	})
}

func (d *data) producersCSV(w io.Writer) error {
	return writeCSV(w, d.codes, producerColumns(), func(row func(*producer) error) error {
		return d.producers(row)
	})
}
