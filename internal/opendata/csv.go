package opendata

import (
	"bufio"
	"encoding/csv"
	"io"

	"github.com/hagiang-ocop/ocop/internal/model"
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

func (d *data) productsCSV(w io.Writer) error {
	return writeCSV(w, d.codes, columns(d.productItems()), func(row func(any) error) error {
		return d.products(func(p *model.Product) error { return row(p) })
	})
}

func (d *data) producersCSV(w io.Writer) error {
	return writeCSV(w, d.codes, columns(d.producerItems()), func(row func(any) error) error {
		return d.producers(func(p *model.Producer) error { return row(p) })
	})
}
