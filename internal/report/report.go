// Package report writes the reports an OCOP office asks for: every
// certificate with its expiry, and how complete each language is. The
// text forms are for people, the CSV forms for spreadsheets (UTF-8 with a
// byte-order mark, so that spreadsheet programs read Vietnamese right).
package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hagiang-ocop/ocop/internal/check"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/model"
)

// Status is where a certificate stands on a date.
type Status string

// The statuses of a certificate.
const (
	Expired  Status = "expired"
	Expiring Status = "expiring" // valid, and due for re-evaluation
	Valid    Status = "valid"
	NotYet   Status = "not-yet-valid"
)

// Certificate is one line of the certificate report.
type Certificate struct {
	Expires  time.Time
	Status   Status
	Days     int // days from the report's date to the expiry (negative: past)
	Number   string
	Issued   time.Time
	Issuer   string
	Stars    int
	Product  string // in the default language
	District string
	Producer string
	File     string
}

// Certificates returns every product's certificate as of now, sorted by
// expiry date, then file. A certificate whose dates could not be read (an
// error the site's check reports at its line) is left out.
func Certificates(c *model.Catalogue, now time.Time) []Certificate {
	var out []Certificate
	for _, p := range c.Products {
		cert := p.Certificate
		if cert.Issued.IsZero() || cert.Expires.IsZero() {
			continue
		}
		r := Certificate{
			Expires: cert.Expires, Number: cert.Number, Issued: cert.Issued, Stars: p.Stars,
			Days: int(cert.Expires.Sub(now).Hours() / 24), File: p.File,
		}
		r.Issuer, _ = model.Get(cert.Issuer, 0)
		r.Product, _ = model.Get(p.Name, 0)
		r.District, _ = model.Get(p.District.Name, 0)
		r.Producer, _ = model.Get(p.Producer.Name, 0)
		switch {
		case now.Before(cert.Issued):
			r.Status = NotYet
		case now.After(cert.Expires):
			r.Status = Expired
		case check.ExpiresSoon(cert.Expires, now, check.SoonDays):
			r.Status = Expiring
		default:
			r.Status = Valid
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Expires.Equal(out[j].Expires) {
			return out[i].Expires.Before(out[j].Expires)
		}
		return out[i].File < out[j].File
	})
	return out
}

var certHeader = []string{"expires", "status", "days", "stars", "number", "issued", "issuer", "product", "district", "producer", "file"}

func (r Certificate) fields() []string {
	return []string{
		r.Expires.Format(time.DateOnly), string(r.Status), strconv.Itoa(r.Days), strconv.Itoa(r.Stars), r.Number,
		r.Issued.Format(time.DateOnly), r.Issuer, r.Product, r.District, r.Producer, r.File,
	}
}

// ExpiringWithin returns the rows whose certificate is valid on now and
// expires within days days of it (0: on that very day), in their order.
func ExpiringWithin(rows []Certificate, now time.Time, days int) []Certificate {
	var out []Certificate
	for _, r := range rows {
		if !now.Before(r.Issued) && check.ExpiresSoon(r.Expires, now, days) {
			out = append(out, r)
		}
	}
	return out
}

// WriteCertificates writes the certificate report as a table, in p's
// language, with a count of each status at the end.
func WriteCertificates(w io.Writer, p diag.Printer, rows []Certificate, now time.Time) error {
	if err := writeCertificateTable(w, p, rows); err != nil {
		return err
	}
	counts := map[Status]int{}
	for _, r := range rows {
		counts[r.Status]++
	}
	_, err := fmt.Fprintln(w, "\n"+p.Sprintf("%d certificates as of %s: %d valid, %d expiring within %d days, %d expired, %d not yet valid",
		len(rows), now.Format(time.DateOnly), counts[Valid], counts[Expiring], check.SoonDays, counts[Expired], counts[NotYet]))
	return err
}

// WriteExpiring writes the rows of ExpiringWithin(…, now, days) as a
// table, in p's language, then how many they are; when there are none,
// only a sentence that says so.
func WriteExpiring(w io.Writer, p diag.Printer, rows []Certificate, now time.Time, days int) error {
	if len(rows) == 0 {
		_, err := fmt.Fprintln(w, p.Sprintf("No certificate expires within %d days of %s.", days, now.Format(time.DateOnly)))
		return err
	}
	if err := writeCertificateTable(w, p, rows); err != nil {
		return err
	}
	count := diag.M("%d certificates expire within %d days of %s.", len(rows), days, now.Format(time.DateOnly))
	if len(rows) == 1 {
		count = diag.M("%d certificate expires within %d days of %s.", len(rows), days, now.Format(time.DateOnly))
	}
	_, err := fmt.Fprintln(w, "\n"+p.Msg(count))
	return err
}

// certTitles are the text table's headings (the CSV's are certHeader,
// the same in every language).
var certTitles = []diag.Msg{diag.M("expires"), diag.M("status"), diag.M("days"), diag.M("stars"), diag.M("number"),
	diag.M("issued"), diag.M("issuer"), diag.M("product"), diag.M("district")}

// statusWords are the statuses as the text table says them.
var statusWords = map[Status]diag.Msg{Expired: diag.M("expired"), Expiring: diag.M("expiring"), Valid: diag.M("valid"), NotYet: diag.M("not-yet-valid")}

// writeCertificateTable writes rows as a table, in p's language, marking
// the expired and expiring certificates.
func writeCertificateTable(w io.Writer, p diag.Printer, rows []Certificate) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	titles := make([]string, len(certTitles))
	for i, t := range certTitles {
		titles[i] = p.Msg(t)
	}
	fmt.Fprintf(tw, "%s\n", strings.Join(titles, "\t"))
	for _, r := range rows {
		marker := ""
		switch r.Status {
		case Expired:
			marker = "!! "
		case Expiring:
			marker = "!  "
		}
		f := r.fields()
		f[1] = marker + p.Msg(statusWords[r.Status])
		fmt.Fprintf(tw, "%s\n", strings.Join(f[:9], "\t"))
	}
	return tw.Flush()
}

// WriteCertificatesCSV writes the certificate report as CSV.
func WriteCertificatesCSV(w io.Writer, rows []Certificate) error {
	cw := newCSV(w)
	cw.Write(certHeader)
	for _, r := range rows {
		cw.Write(r.fields())
	}
	cw.Flush()
	return cw.Error()
}

var kindPlural = map[string]diag.Msg{"product": diag.M("products"), "producer": diag.M("producers"), "story": diag.M("stories")}

// WriteTranslations writes, in p's language, per language of the site,
// how many records of each kind are complete, then which fields are
// missing where.
func WriteTranslations(w io.Writer, p diag.Printer, c *model.Catalogue) error {
	gaps, counts := c.Untranslated()
	sort.SliceStable(gaps, func(i, j int) bool { return gaps[i].File < gaps[j].File })
	tw := tabwriter.NewWriter(w, 0, 0, 3, ' ', 0)
	fmt.Fprint(tw, p.Sprintf("language"))
	for _, k := range counts {
		fmt.Fprintf(tw, "\t%s", p.Msg(kindPlural[k.Kind]))
	}
	fmt.Fprintln(tw)
	for li, l := range c.Languages {
		fmt.Fprint(tw, l.Code)
		if l.Default {
			fmt.Fprint(tw, p.Sprintf(" (default)"))
		}
		for _, k := range counts {
			fmt.Fprint(tw, "\t"+p.Sprintf("%d/%d complete", k.Complete[li], k.Total))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for li, l := range c.Languages {
		if l.Default {
			continue
		}
		var lines []string
		for _, g := range gaps {
			if len(g.Missing[li]) > 0 {
				lines = append(lines, fmt.Sprintf("  %s: %s", g.File, strings.Join(g.Missing[li], ", ")))
			}
		}
		if len(lines) == 0 {
			fmt.Fprintln(w, "\n"+p.Sprintf("Missing in %s: nothing.", l.Code))
			continue
		}
		fmt.Fprintln(w, "\n"+p.Sprintf("Missing in %s (%d files):", l.Code, len(lines))+"\n"+strings.Join(lines, "\n"))
	}
	return nil
}

// WriteTranslationsCSV writes one line per record, language and missing
// field.
func WriteTranslationsCSV(w io.Writer, c *model.Catalogue) error {
	gaps, _ := c.Untranslated()
	sort.SliceStable(gaps, func(i, j int) bool { return gaps[i].File < gaps[j].File })
	cw := newCSV(w)
	cw.Write([]string{"language", "kind", "file", "field"})
	for li, l := range c.Languages {
		for _, g := range gaps {
			for _, f := range g.Missing[li] {
				cw.Write([]string{l.Code, g.Kind, g.File, f})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// newCSV starts a CSV file with the UTF-8 byte-order mark that spreadsheet
// programs need to read it as UTF-8.
func newCSV(w io.Writer) *csv.Writer {
	io.WriteString(w, "\ufeff")
	return csv.NewWriter(w)
}
