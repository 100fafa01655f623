// Package load reads a site from its folder: site.yaml, the product,
// producer and story records under content/, the templates, interface
// strings and static files (the site's own over the built-in theme), and
// the images that records name. It checks the shape of every file (syntax,
// known keys, types, ranges) and reports every problem with its
// path:line:col. What records mean together (references, groupings) is the
// model's business.
//
// It also stands between the site and what hostile content could do: it
// refuses files and folders whose names would not mean the same
// everywhere (invisible characters, names Windows reserves), symbolic
// links, files too large, YAML aliases, bidirectional control characters
// in texts, and, in every Markdown text (story bodies, descriptions, the
// introduction), what package markdown's Check finds: links to addresses
// other than http(s), mailto: and tel:, texts too long or too deeply
// nested. Raw HTML in Markdown is off, and a warning, unless site.yaml
// turns it on:
//
//	markdown:
//	  html: true   # simple HTML, cleaned with an allowlist (package markdown)
//
// (Config.Markdown); then an element or attribute that could run code or
// load other documents is an error, one that is left out a warning.
package load

import (
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
)

// Source is everything a build reads from the site, as written.
type Source struct {
	// ThemeVersion changes whenever site.yaml, a template, an interface
	// string or a static file does.
	ThemeVersion uint64
	Config       *Config
	Producers    []*Producer // by file path
	Products     []*Product  // by file path
	Stories      []*Story    // by file path
	Theme        *Theme
	// Places is content/places.yaml; nil when the site has none.
	Places *Places
}

// Text is a field given per language. Values[i] is the text in the site's
// i-th language, "" where it is missing.
type Text struct {
	Pos    diag.Pos
	Values []string
}

// Everywhere returns t with its default language's text in every
// language: for values that are the same in all of them, such as "100 g"
// or a place name given once.
func (t Text) Everywhere() Text {
	v := make([]string, len(t.Values))
	for i := range v {
		v[i] = t.Values[0]
	}
	return Text{Pos: t.Pos, Values: v}
}

// Ref is a reference to another record or to a configured name, with the
// position it was written at.
type Ref struct {
	Value string
	Pos   diag.Pos
}

// Config is site.yaml.
type Config struct {
	File        string
	Title       Text
	Description Text
	// Intro is the home page's introduction (Markdown); the theme's text
	// "home.intro" when not given.
	Intro      Text
	BaseURL    string
	BaseURLPos diag.Pos
	Languages  []Language
	Districts  []District
	Groups     []Group
	// Strings overrides the theme's interface strings: Strings[i] for the
	// i-th language.
	Strings []map[string]Message
	// Markdown says how the Markdown texts are converted.
	Markdown Markdown
	// CMS says where the published site's /admin/ saves.
	CMS CMS
}

// CMS is site.yaml's cms: where the CMS at /admin/ of the published site
// saves the editors' changes. Without it, the published /admin/ only says
// that editing is done with ocop serve; ocop serve's own /admin/ saves
// into the site's folder either way.
type CMS struct {
	// Repo is the GitHub repository (owner/name) the CMS commits to.
	Repo string
	// Branch is the branch it commits to; "" is main.
	Branch string
	// AuthURL is the address of the OAuth service that signs editors in
	// to GitHub (Decap CMS's base_url), without a final "/"; "" is
	// Netlify's, which serves only sites that Netlify hosts.
	AuthURL string
	Pos     diag.Pos
}

// Markdown is site.yaml's markdown: how the site's Markdown texts (story
// bodies, descriptions, the introduction) are converted.
type Markdown struct {
	// HTML lets raw HTML in Markdown texts through, cleaned with an
	// allowlist of simple text markup (package markdown). Off by default:
	// raw HTML is left out.
	HTML bool
	Pos  diag.Pos
}

// Language is one of the site's languages; the first is the default.
type Language struct {
	Code string
	Name string
	// Locale is the Open Graph locale, such as vi_VN.
	Locale string
	Pos    diag.Pos
}

// District is a district (or city) that products are grouped by.
type District struct {
	Slug        string
	Name        Text
	Description Text
	// Kind is one of DistrictKinds.
	Kind string
	Pos  diag.Pos
}

// Group is a product group; keys are paths such as food/tea.
type Group struct {
	Key         string
	Name        Text
	Description Text
	Pos         diag.Pos
}

// Producer is content/producers/<slug>.yaml.
type Producer struct {
	File string
	// Version is a hash of the file: it changes when the file does.
	Version        uint64
	Slug           string
	Name           Text
	Kind           string
	Representative string
	Address        Text
	// Commune is the commune of the address, former or today's, and Area
	// the slug of the site.yaml district (the catalogue's area) it was in:
	// with the site's places table, the pages tell where it is today.
	Commune     Text
	Area        Ref
	Phone       string
	Email       string
	Website     string
	Zalo        string
	Description Text
}

// Product is content/products/<district>/<slug>.yaml.
type Product struct {
	File    string
	Version uint64 // a hash of the file
	Slug    string
	// District is the slug of the record's folder.
	District    Ref
	Name        Text
	Summary     Text
	Description Text
	Stars       int
	Group       Ref
	Producer    Ref
	// Commune is the commune the certificate names: the former one on a
	// certificate issued before the communes were rearranged, today's on
	// a newer one (Places).
	Commune     Text
	Certificate Certificate
	Images      []*Image
	Specs       []Spec
	Price       *Price
	Tags        []string

	// refs are the images as the record names them, before they are read.
	refs []imageRef
}

// Certificate is a product's OCOP certificate.
type Certificate struct {
	Number string
	Issued time.Time
	// Expires is the last day of validity: Expires as written, or Issued
	// plus 36 months.
	Expires time.Time
	Issuer  Text
	Pos     diag.Pos
}

// CertificateMonths is how long an OCOP certificate is valid.
const CertificateMonths = 36

// Spec is one line of a product's specifications, such as net_weight. A
// value given as a plain string ("100 g") is the same in every language.
type Spec struct {
	Key   string
	Value Text
	Pos   diag.Pos
}

// Price is a product's price range.
type Price struct {
	Min, Max int64 // Max is 0 when only Min is given
	Currency string
	Unit     Text
}

// Story is one language's version of content/stories/<slug>.<lang>.md.
type Story struct {
	File     string
	Version  uint64 // a hash of the file
	Slug     string
	Lang     int // index into Config.Languages
	Title    string
	Date     time.Time
	Summary  string
	Products []Ref
	Image    *Image
	Draft    bool
	Body     string
	// BodyLine is the line of the file on which Body starts.
	BodyLine int

	// ref is the image as the story names it, before it is read.
	ref *imageRef
}

// Image is a picture file that a record names, read and measured.
type Image struct {
	// Path is the file's path in the site, slash-separated.
	Path string
	Alt  Text
	// Format is jpeg, png, gif, webp or svg.
	Format        string
	Width, Height int
	// Hash is the hex SHA-256 of the file.
	Hash string
	Size int64
	Pos  diag.Pos
}
