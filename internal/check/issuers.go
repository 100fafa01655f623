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
	display string   // the name to suggest
	names   []string // by key (issuerKey)
	prefix  string   // matches every name that starts with it (district committees)
	since   time.Time
	until   time.Time
	source  string
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
		out = append(out, issuer{display: is.Name, names: names, since: is.Since, until: is.Until, source: is.Source})
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
		// The issuer may be listed more than once (today's province's
		// committee has the name of a former one's): the date must fall
		// in one of its periods.
		var out []issuer
		inside := false
		for _, is := range list {
			if !is.matches(key) {
				continue
			}
			if (is.since.IsZero() || !cert.Issued.Before(is.since)) && (is.until.IsZero() || !cert.Issued.After(is.until)) {
				inside = true
				break
			}
			out = append(out, is)
		}
		if inside || len(out) == 0 {
			continue
		}
		is := out[0]
		var when diag.Msg
		var instead string
		if !is.since.IsZero() && cert.Issued.Before(is.since) {
			when = diag.M("before %s", is.since.Format(time.DateOnly))
			instead = is.instead
			if instead == "" {
				instead = neighbour(list, key, func(o issuer) bool { return !o.until.IsZero() && o.until.AddDate(0, 0, 1).Equal(is.since) })
			}
		} else {
			when = diag.M("after %s", is.until.Format(time.DateOnly))
			instead = is.instead
			if instead == "" {
				instead = neighbour(list, key, func(o issuer) bool { return !o.since.IsZero() && o.since.Equal(is.until.AddDate(0, 0, 1)) })
			}
		}
		pos := cert.Issuer.Pos
		if pos.Line == 0 {
			pos = cert.Pos
		}
		var source diag.Msg
		if src := shortSource(is.source); src != "" {
			source = diag.M(" (%s)", src)
		}
		question := diag.M("; is the issuer or the date wrong?")
		if instead != "" {
			question = diag.M("; is the issuer %s, or the date wrong?", instead)
		}
		diags.Warnf(pos, "issuer-date", "decision %s is dated %s, but %s issued no decisions %s%s%s",
			cert.Number, cert.Issued.Format(time.DateOnly), name, when, source, question)
	}
}

// neighbour names the issuer, other than key's, that took over from (or
// was replaced by) one, as found by next; "" when none is listed.
func neighbour(list []issuer, key string, next func(issuer) bool) string {
	for _, o := range list {
		if o.display != "" && !o.matches(key) && next(o) {
			return o.display
		}
	}
	return ""
}

// shortSource is the first part of a source: the resolution or decision,
// without what follows in brackets or after a semicolon.
func shortSource(s string) string {
	if i := strings.IndexAny(s, "(;"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ","))
}

// communes warns when a certificate names a commune that did not exist
// on its date: a former commune on a decision dated after the communes
// were rearranged (it names today's), or today's on one dated before.
func communes(c *model.Catalogue, diags *diag.List) {
	ps := c.Places
	if ps == nil {
		return
	}
	since := ps.Since.Format(time.DateOnly)
	for _, p := range c.Products {
		pl, cert := p.Place, p.Certificate
		if pl.Commune == nil || cert.Issued.IsZero() {
			continue
		}
		written := pl.Written.Values[0]
		today := pl.Commune.Kind + " " + pl.Commune.Name.Values[0]
		switch after := !cert.Issued.Before(ps.Since); {
		case after && pl.Former != nil:
			diags.Warnf(pl.Written.Pos, "commune-date", "decision %s is dated %s, after the communes were rearranged on %s, but names %s, which became part of %s: a decision of that date names today's commune",
				cert.Number, cert.Issued.Format(time.DateOnly), since, written, today)
		case !after && pl.Former == nil:
			diags.Warnf(pl.Written.Pos, "commune-date", "decision %s is dated %s, before the communes were rearranged on %s, but names %s, which came to be that day: write the commune the decision names",
				cert.Number, cert.Issued.Format(time.DateOnly), since, written)
		}
	}
}
