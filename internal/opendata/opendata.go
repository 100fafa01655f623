// Package opendata publishes the catalogue as open data, for the buyers,
// trade offices and portals that want the list itself rather than its
// pages: the current products and their producers, each as JSON (with a
// JSON Schema that describes it) and as CSV for spreadsheets.
//
// # Files
//
// Files returns six files, under data/ in the output folder:
//
//	data/producers.csv           the producers, one row each
//	data/producers.json          the producers, with every language
//	data/producers.schema.json   the JSON Schema of producers.json
//	data/products.csv            the products, one row each
//	data/products.json           the products, with every language
//	data/products.schema.json    the JSON Schema of products.json
//
// Only what the site lists is published: the products whose certificate is
// valid on the build date (model.Product.Current), and the producers that
// have at least one of them (model.Producer.Listed). A product whose
// certificate has expired keeps its page on the site, but it is not in the
// open data. Products and producers are in the order of their slugs.
//
// Nothing depends on the clock or on map order: the same catalogue gives
// the same bytes. "generated" is the catalogue's build date (the -now
// date), not the time of the build.
//
// # Text in several languages
//
// In JSON, a field written per language is an object keyed by language
// code, in the site's language order, the default language first:
// {"vi": "Chè Shan tuyết", "en": "Shan Tuyet tea"}. A language with no
// text is left out of the object; it is never filled with another
// language's text, so the data says what is translated (the site shows
// the default language's text in its place). A field with no text at all
// is the empty object {}. Markdown fields (description) hold the Markdown
// source as written. All text is in Unicode NFC form (the loader
// normalises it).
//
// In CSV, such a field is one column per language, named <field>_<code>
// (name_vi, name_en, name_zh), empty where the language has no text.
//
// # products.json
//
//	{"$schema": "<baseURL>data/products.schema.json",
//	 "title": text (the site's title), "generated": "YYYY-MM-DD",
//	 "languages": [{"code": "vi", "name": "Tiếng Việt"}, …] (the default first),
//	 "products": [product, …]}
//
// Each product has these fields, in this order: slug; url (the absolute
// address of its page, per language); name, summary, description (text);
// stars (3, 4 or 5); group {key, name}; district {slug, name} (the area:
// the district it was in before districts ended in 2025); commune (text,
// as the certificate names it); place, with the site's table of places
// only: {commune, kind, province} as they are today, and former
// {commune, kind, district, province} when the record names the commune
// it was before the communes were rearranged; producer {slug, name}; certificate {number, issued, expires,
// issuer} with the dates as YYYY-MM-DD (expires is the last valid day);
// price {min, max, currency, unit} when the record gives one (max only
// when given); specs (an object from each spec key to its text, in the
// record's order); tags (a list); images (a list of {path, url, width,
// height, alt}: path is where the photo is published, relative to the
// site's root, url its absolute address, width and height those of the
// original, alt its description, the product's name where the record
// gives none). Every field is always there, except price when the record
// has none, price.max when it gives only a minimum, and place without a
// places table.
//
// # producers.json
//
// The same envelope with "producers": [producer, …]. Each producer has, in
// this order: slug; url (per language); name (text); kind (enterprise,
// cooperative, cooperative-group or household); representative, phone,
// email, website, zalo (left out when not given; phone and zalo as
// written); address (text); place (as a product's, when the record names
// its commune); products (the slugs of its current products,
// in slug order); description (text, Markdown).
//
// # CSV
//
// CSV files are UTF-8 with a byte-order mark (so that spreadsheet programs
// read Vietnamese right), lines end in CRLF (RFC 4180), and the first row
// is the header. A list (tags, images, products, specs) is one cell, its
// items joined by "; "; specs are written "key: value". The JSON files are
// the exact form: a value that itself contains "; " is ambiguous in CSV.
//
// products.csv columns, in this order (<L>: one column per language, in
// the site's order):
//
//	slug, url_<L>, name_<L>, summary_<L>, stars, group, group_name_<L>,
//	district, district_name_<L>, commune_<L>, place_commune, place_kind,
//	place_province, former_commune, former_kind, former_province, producer,
//	producer_name_<L>,
//	phone, email, zalo, website, certificate_number, certificate_issued,
//	certificate_expires, certificate_issuer_<L>, price_min, price_max,
//	price_currency, price_unit_<L>, specs_<L>, tags, images, description_<L>
//
// phone, email, zalo and website are the producer's; images are the
// photos' absolute addresses; price columns are empty when there is no
// price.
//
// producers.csv columns, in this order:
//
//	slug, url_<L>, name_<L>, kind, representative, phone, email, website,
//	zalo, address_<L>, place_commune, place_kind, place_province,
//	former_commune, former_kind, former_province, products, description_<L>
//
// The place columns are empty without a places table.
//
// A spreadsheet program runs a cell that starts with =, +, - or @ as a
// formula (and some treat a leading tab or carriage return alike), which
// a record's text must never be able to do (CSV injection). So a text
// cell that starts with one of these characters gets a leading apostrophe
// ('), which spreadsheets take as "this is text" and do not show. Number
// cells (stars, price_min, price_max) are written as numbers and never
// changed; every other cell is text, and guarded whatever its column. A
// phone number written "+84 …" so appears as '+84 … to a program that
// reads the CSV as plain text: the JSON has it as written.
//
// # Using it
//
// Each File's Render writes the file's content; it reads the catalogue
// and nothing else, and may be called more than once and from several
// goroutines at the same time. The JSON is already compact (one product or
// producer to a line); the schemas are indented for people to read.
// Minifying the data gains nothing, and a JSON minifier that shortens
// numbers (250000 to 25e4) would break readers that expect whole numbers:
// publish the files as they are.
package opendata

import (
	"bufio"
	"io"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
)

// The paths of the files, relative to the output folder.
const (
	ProductsJSON    = "data/products.json"
	ProductsSchema  = "data/products.schema.json"
	ProductsCSV     = "data/products.csv"
	ProducersJSON   = "data/producers.json"
	ProducersSchema = "data/producers.schema.json"
	ProducersCSV    = "data/producers.csv"
)

// The media types of the files.
const (
	JSONType = "application/json"
	CSVType  = "text/csv"
)

// File is one file of the open data.
type File struct {
	// Path is where it goes, relative to the output folder,
	// slash-separated.
	Path string
	// MediaType is JSONType or CSVType.
	MediaType string
	// Render writes the file's content. It is safe to call concurrently
	// and more than once.
	Render func(w io.Writer) error
}

// Options adjust what Files writes.
type Options struct {
	// ImagePath returns the path, relative to the site's root, at which
	// a product's photo is published: the renderer names the files it
	// writes. When nil, it is the photo's path in the site.
	ImagePath func(img *load.Image) string
}

// Files returns the open data files of cat, in the order of their paths.
func Files(cat *model.Catalogue, opt Options) []File {
	d := &data{cat: cat, imagePath: opt.ImagePath}
	if d.imagePath == nil {
		d.imagePath = func(img *load.Image) string { return img.Path }
	}
	for _, l := range cat.Languages {
		d.codes = append(d.codes, l.Code)
	}
	return []File{
		{Path: ProducersCSV, MediaType: CSVType, Render: d.producersCSV},
		{Path: ProducersJSON, MediaType: JSONType, Render: d.producersJSON},
		{Path: ProducersSchema, MediaType: JSONType, Render: d.producersSchema},
		{Path: ProductsCSV, MediaType: CSVType, Render: d.productsCSV},
		{Path: ProductsJSON, MediaType: JSONType, Render: d.productsJSON},
		{Path: ProductsSchema, MediaType: JSONType, Render: d.productsSchema},
	}
}

// data is what the Render functions share; it is never written after
// Files returns.
type data struct {
	cat       *model.Catalogue
	codes     []string // the language codes, in the site's order
	imagePath func(*load.Image) string
}

// url returns the absolute address of a path relative to the site's root.
func (d *data) url(p string) string { return d.cat.BaseURL + p }

// buffered runs fn on a buffered w and flushes it.
func buffered(w io.Writer, fn func(w *bufio.Writer) error) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := fn(bw); err != nil {
		return err
	}
	return bw.Flush()
}
