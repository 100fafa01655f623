package check

import (
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// issuer is a body that issues OCOP recognition decisions, and the days
// it could: a decision dated outside them names the wrong body, or the
// wrong date.
type issuer struct {
	names  []string // by key (issuerKey)
	prefix string   // matches every name that starts with it (district committees)
	since  time.Time
	until  time.Time
	source string
	// instead names who issued decisions before since or after until.
	instead string
}

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// nationalIssuers are the bodies whose changes of 2025 concern every
// province: the ministry that recognises 5-star products, and the
// district committees, which recognised 3-star products until the
// districts ended. A site's places table adds its own (load.Issuer).
func nationalIssuers() []issuer {
	return []issuer{
		{names: keys("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Nông nghiệp và PTNT", "Bộ NN&PTNT", "Bộ NN và PTNT"),
			until: day("2025-02-28"), source: "Nghị quyết 176/2025/QH15", instead: "Bộ Nông nghiệp và Môi trường"},
		{names: keys("Bộ Nông nghiệp và Môi trường", "Bộ NN&MT", "Bộ NN và MT"),
			since: day("2025-03-01"), source: "Nghị quyết 176/2025/QH15", instead: "Bộ Nông nghiệp và Phát triển nông thôn"},
		{prefix: issuerKey("UBND huyện "), until: day("2025-06-30"), source: "Nghị quyết 203/2025/QH15", instead: "UBND tỉnh"},
		{prefix: issuerKey("UBND thị xã "), until: day("2025-06-30"), source: "Nghị quyết 203/2025/QH15", instead: "UBND tỉnh"},
	}
}

// siteIssuers are those the places table lists (load.Issuer), first, and
// those it implies: the former provinces' committees until the day before
// today's province began, and today's province's committee, for the
// products of its region, from that day.
func siteIssuers(ps *model.Places) []issuer {
	if ps == nil {
		return nil
	}
	var out []issuer
	for _, is := range ps.Issuers {
		names := keys(append([]string{is.Name}, is.Aka...)...)
		out = append(out, issuer{names: names, since: is.Since, until: is.Until, source: is.Source})
	}
	province := ps.Province.Values[0]
	before := ps.Since.AddDate(0, 0, -1)
	for _, f := range ps.Formerly {
		if name := f.Values[0]; name != province {
			out = append(out, issuer{names: keys("UBND tỉnh " + name), until: before, instead: "UBND tỉnh " + province})
		}
	}
	if region := ps.Region.Values[0]; region != province {
		out = append(out, issuer{names: keys("UBND tỉnh " + province), since: ps.Since, instead: "UBND tỉnh " + region})
	}
	return out
}

func keys(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = issuerKey(n)
	}
	return out
}

// issuerKey is how issuers' names are compared: lower case, spaces made
// one, "Ủy ban nhân dân" written UBND, tone marks placed one way.
func issuerKey(s string) string {
	k := vntext.PlaceKey(s)
	for _, long := range []string{vntext.PlaceKey("ủy ban nhân dân"), vntext.PlaceKey("uỷ ban nhân dân")} {
		k = strings.ReplaceAll(k, long, "ubnd")
	}
	return k
}

func (is issuer) matches(key string) bool {
	if is.prefix != "" && strings.HasPrefix(key, is.prefix+" ") {
		return true
	}
	for _, n := range is.names {
		if n == key {
			return true
		}
	}
	return false
}

// issuers warns when a decision is dated on a day its issuer issued none:
// a decision of UBND tỉnh Hà Giang after the province was merged, or of
// the Ministry of Agriculture and Rural Development after it became the
// Ministry of Agriculture and Environment.
func issuers(c *model.Catalogue, diags *diag.List) {
	list := append(siteIssuers(c.Places), nationalIssuers()...)
	for _, p := range c.Products {
		cert := p.Certificate
		if cert.Issued.IsZero() || len(cert.Issuer.Values) == 0 || cert.Issuer.Values[0] == "" {
			continue
		}
		name := cert.Issuer.Values[0]
		key := issuerKey(name)
		for _, is := range list {
			if !is.matches(key) {
				continue
			}
			var when string
			switch {
			case !is.since.IsZero() && cert.Issued.Before(is.since):
				when = "before " + is.since.Format(time.DateOnly)
			case !is.until.IsZero() && cert.Issued.After(is.until):
				when = "after " + is.until.Format(time.DateOnly)
			}
			if when != "" {
				pos := cert.Issuer.Pos
				if pos.Line == 0 {
					pos = cert.Pos
				}
				msg := "decision %s is dated %s, but %s issued no decisions %s"
				args := []any{cert.Number, cert.Issued.Format(time.DateOnly), name, when}
				if is.source != "" {
					msg += " (%s)"
					args = append(args, is.source)
				}
				if is.instead != "" {
					msg += "; is the issuer %s, or the date wrong?"
					args = append(args, is.instead)
				} else {
					msg += "; is the issuer or the date wrong?"
				}
				diags.Warnf(pos, "issuer-date", msg, args...)
			}
			break
		}
	}
}
