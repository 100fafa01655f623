// Package check finds what an editor should fix or know before publishing,
// beyond what stops a build: certificates that expire soon, decisions
// written two ways, decisions dated when their issuer issued none, records that look duplicated, producers without
// products, photos too small to look sharp, and missing translations. It
// works on what load and model produced and does no I/O.
package check

import (
	"sort"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/model"
)

// Options tune the checks; zero values take the defaults.
type Options struct {
	// Now is the date certificates are judged on.
	Now time.Time
	// SoonDays is how many days before its expiry a certificate is due
	// for re-evaluation (SoonDays by default).
	SoonDays int
	// MinImageSide is the smallest long side, in pixels, a photo may have
	// without a warning (MinImageSide by default).
	MinImageSide int
}

const (
	// SoonDays is when a certificate is due for re-evaluation: this many
	// days before it expires.
	SoonDays = 90
	// MinImageSide is the long side, in pixels, under which a photo looks
	// blurred on a phone.
	MinImageSide = 480
)

// Site returns the warnings about the catalogue, sorted.
func Site(c *model.Catalogue, opt Options) diag.List {
	if opt.SoonDays == 0 {
		opt.SoonDays = SoonDays
	}
	if opt.MinImageSide == 0 {
		opt.MinImageSide = MinImageSide
	}
	var diags diag.List
	expiringSoon(c, opt, &diags)
	certificates(c, &diags)
	issuers(c, &diags)
	communes(c, &diags)
	unusedProducers(c, &diags)
	smallImages(c, opt, &diags)
	stories(c, &diags)
	translations(c, &diags)
	diags.Sort()
	return diags
}

// ExpiresSoon reports whether a current certificate that is valid until
// expires is due for re-evaluation on now.
func ExpiresSoon(expires, now time.Time, days int) bool {
	return !now.After(expires) && expires.Sub(now) <= time.Duration(days)*24*time.Hour
}

func expiringSoon(c *model.Catalogue, opt Options, diags *diag.List) {
	for _, p := range c.Products {
		exp := p.Certificate.Expires
		if p.Current && ExpiresSoon(exp, opt.Now, opt.SoonDays) {
			left := diag.M("today is its last day")
			if days := int(exp.Sub(opt.Now).Hours() / 24); days > 0 {
				left = diag.Plural(days, "%d day left", "%d days left")
			}
			diags.Warnf(p.Certificate.Pos, "expiring", "certificate %s is valid until %s (%s): re-evaluation is due, or the product leaves the catalogue",
				p.Certificate.Number, exp.Format(time.DateOnly), left)
		}
	}
}

// certificates warns when one decision number is written with different
// dates or issuers (one decision has one date), and when two products of
// one producer share a decision and a name (a record written twice).
func certificates(c *model.Catalogue, diags *diag.List) {
	byNumber := map[string][]*model.Product{}
	var numbers []string
	for _, p := range c.Products {
		n := strings.TrimSpace(p.Certificate.Number)
		if n == "" || p.Certificate.Issued.IsZero() {
			continue // an unreadable certificate is an error of its own
		}
		if byNumber[n] == nil {
			numbers = append(numbers, n)
		}
		byNumber[n] = append(byNumber[n], p)
	}
	sort.Strings(numbers)
	for _, n := range numbers {
		ps := byNumber[n]
		first := ps[0]
		for _, p := range ps[1:] {
			issued, issuer := p.Certificate.Issued, p.Certificate.Issuer.Values[0]
			switch {
			case !issued.Equal(first.Certificate.Issued):
				diags.Warnf(p.Certificate.Pos, "certificate-date", "decision %s is dated %s here but %s in %s; one decision has one date",
					n, issued.Format(time.DateOnly), first.Certificate.Issued.Format(time.DateOnly), first.File)
			case issuer != first.Certificate.Issuer.Values[0]:
				diags.Warnf(p.Certificate.Pos, "certificate-issuer", "decision %s is issued by %q here but by %q in %s; one decision has one issuer",
					n, issuer, first.Certificate.Issuer.Values[0], first.File)
			}
		}
		for i, p := range ps {
			for _, q := range ps[:i] {
				if p.Producer == q.Producer && strings.EqualFold(p.Name.Values[0], q.Name.Values[0]) {
					diags.Warnf(p.Certificate.Pos, "duplicate-product", "this product has the same name, producer and decision as %s: is it the same product written twice?", q.File)
					break
				}
			}
		}
	}
}

func unusedProducers(c *model.Catalogue, diags *diag.List) {
	if c.Unreadable > 0 {
		return // a product that could not be read may name any of them
	}
	for _, p := range c.Producers {
		if !p.Named {
			diags.Warnf(diag.Pos{File: p.File}, "unused-producer", "no product names this producer (producer: %s)", p.Slug)
		}
	}
}

func smallImages(c *model.Catalogue, opt Options, diags *diag.List) {
	for _, p := range c.Products {
		for _, img := range p.Images {
			if img.Format != "svg" && max(img.Width, img.Height) < opt.MinImageSide {
				diags.Warnf(img.Pos, "small-image", "photo %s is only %d×%d pixels; buyers will see it blurred (send one at least %d pixels on its longer side)",
					img.Path[strings.LastIndexByte(img.Path, '/')+1:], img.Width, img.Height, opt.MinImageSide)
			}
		}
	}
}

// stories notes drafts, which the site leaves out, and stories without text.
func stories(c *model.Catalogue, diags *diag.List) {
	for _, s := range c.Drafts {
		diags.Warnf(diag.Pos{File: s.File, Line: 1, Col: 1}, "draft", "a draft: left out of the site until you remove \"draft: true\" (ocop serve -drafts shows it)")
	}
	for _, st := range c.Stories {
		for _, v := range st.Versions {
			if v != nil && v.Title != "" && strings.TrimSpace(v.Body) == "" { // (no title: unreadable, an error of its own)
				diags.Warnf(diag.Pos{File: v.File, Line: v.BodyLine}, "empty-story", "the story has no text yet")
			}
		}
	}
}

// translations warns once per record that lacks translations, listing the
// fields for each language.
func translations(c *model.Catalogue, diags *diag.List) {
	gaps, _ := c.Untranslated()
	for _, g := range gaps {
		var parts []string
		for li, fields := range g.Missing {
			if len(fields) > 0 {
				parts = append(parts, c.Languages[li].Code+": "+strings.Join(fields, ", "))
			}
		}
		diags.Warnf(g.Pos, "untranslated", "not translated (%s)", strings.Join(parts, "; "))
	}
}
