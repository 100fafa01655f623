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
// # The fields
//
// A product or a producer has the fields its record declares (package
// load's declarations: load.Declarations), in their order, among fields
// the catalogue makes; the JSON, the CSV columns and the JSON Schema are
// all made from that one list, so adding a field to a record's
// declaration adds it to the three. A field is written as its type says:
//
//   - a text, Markdown text or place name: an object keyed by language
//     (above); Markdown as written;
//   - a plain value (a string, phone, e-mail, address, choice): the value,
//     left out when empty and optional; a number (stars, a price): a JSON
//     number; a date: "YYYY-MM-DD";
//   - a reference (group, producer, area): {key or slug, name}, the name
//     being the one of what it names;
//   - an object (certificate, price): its fields, the same way; an
//     optional object the record does not give is left out; the
//     certificate's expires is always there (36 months after issued unless
//     the record says);
//   - specs: an object from each key to its text, in the record's order;
//     a list of tags or of products: a list of strings; images: a list of
//     {path, url, width, height, alt}, path being where the photo is
//     published, alt the product's name where the record gives none.
//
// products.json ({"$schema", "title", "generated", "languages",
// "products": […]}) has, for each product: slug; url (its page per
// language); its declared fields (name, summary, description, stars,
// group, producer, commune as the certificate names it, certificate,
// images, specs, price, tags); district (the area: the district its
// folder is named after, as it was before districts ended in 2025); and,
// with the site's table of places only, place ({commune, kind, province}
// as they are today, and former {commune, kind, district, province} when
// the record names the commune it was before the communes were
// rearranged).
//
// producers.json has, for each producer: slug, url, its declared fields
// (name, kind, representative, address, commune, area, phone, email,
// website, zalo, description), place (as a product's), and products (the
// slugs of its current products, in slug order).
//
// # CSV
//
// CSV files are UTF-8 with a byte-order mark (so that spreadsheet programs
// read Vietnamese right), lines end in CRLF (RFC 4180), and the first row
// is the header. The columns are the JSON's fields in the same order,
// but for Markdown texts (a product's or a producer's description), which
// are in the JSON only: a text is a column per language (<field>_<code>); a reference its key and
// its name per language (group, group_name_<code>); an object's fields
// are columns <object>_<field> (certificate_number, price_min); a list is
// one cell, its items joined by "; "; specs are "key: value" per
// language; images are the photos' addresses; place is six columns
// (place_commune, place_kind, place_province, former_commune,
// former_kind, former_province). products.csv also has the producer's
// phone, email, zalo and website. The JSON files are the exact form: a
// value that itself contains "; " is ambiguous in CSV.
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
