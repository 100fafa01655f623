// Package skeleton writes the starting text of a new record: every field
// of the content format, each with a short comment, the values left for
// the editor to fill in. `ocop check` on a fresh skeleton lists exactly
// the required values still missing, at their lines.
package skeleton

import (
	"fmt"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
)

// writer builds YAML text with comments.
type writer struct {
	b     strings.Builder
	langs []load.Language
}

func (w *writer) line(indent int, s string) {
	if s == "" {
		w.b.WriteString("\n")
		return
	}
	w.b.WriteString(strings.Repeat("  ", indent) + s + "\n")
}

func (w *writer) comment(indent int, format string, args ...any) {
	w.line(indent, "# "+fmt.Sprintf(format, args...))
}

// text writes a text field with one empty line per language.
func (w *writer) text(indent int, key string) {
	w.line(indent, key+":")
	for _, l := range w.langs {
		w.line(indent+1, l.Code+": ")
	}
}

// markdown writes a Markdown text field with an empty block per language.
func (w *writer) markdown(indent int, key string) {
	w.line(indent, key+":")
	for _, l := range w.langs {
		w.line(indent+1, l.Code+": |")
		w.line(indent+2, "")
	}
}

func langList(langs []load.Language) string {
	codes := make([]string, len(langs))
	for i, l := range langs {
		codes[i] = l.Code
	}
	return strings.Join(codes, ", ")
}

func (w *writer) header(what string) {
	w.comment(0, "%s. Fill in the values, then run: ocop check", what)
	w.comment(0, "Text fields have a line per language (%s): %s is required; a language", langList(w.langs), w.langs[0].Code)
	w.comment(0, "left empty shows the %s text, marked as not translated.", w.langs[0].Code)
	w.line(0, "")
}

// Product is the skeleton of content/products/<district>/<slug>.yaml.
func Product(cfg *load.Config, district load.District) []byte {
	w := &writer{langs: cfg.Languages}
	name, _ := model.Get(district.Name, 0)
	w.header("A product of " + name)
	w.comment(0, "The product's name, as on its packaging.")
	w.text(0, "name")
	w.comment(0, "The OCOP stars on the certificate: 3, 4 or 5.")
	w.line(0, "stars: ")
	keys := make([]string, len(cfg.Groups))
	for i, g := range cfg.Groups {
		keys[i] = g.Key
	}
	w.comment(0, "The product group, one of: %s.", strings.Join(keys, ", "))
	w.line(0, "group: ")
	w.comment(0, "The producer: the name of its file in content/producers/, without .yaml.")
	w.line(0, "producer: ")
	w.comment(0, "The commune (xã, phường) as the certificate names it: today's on a decision")
	w.comment(0, "issued since 1 July 2025, such as Xã Thông Nguyên; the former one on an older one.")
	w.line(0, "commune: ")
	w.comment(0, "The OCOP certificate: the recognition decision.")
	w.line(0, "certificate:")
	w.comment(1, "The decision's number, such as 1234/QĐ-UBND.")
	w.line(1, "number: ")
	w.comment(1, "The decision's date, written YYYY-MM-DD.")
	w.line(1, "issued: ")
	w.comment(1, "Who issued it, such as UBND tỉnh Tuyên Quang (since 1 July 2025),")
	w.comment(1, "or Bộ Nông nghiệp và Môi trường for 5 stars.")
	w.line(1, "issuer: ")
	w.comment(1, "The last valid day, YYYY-MM-DD; leave it out for 36 months after the issue date.")
	w.comment(1, "expires: ")
	w.comment(0, "One sentence about the product, for lists and search results.")
	w.text(0, "summary")
	w.comment(0, "The product's story in Markdown: what it is, how it is made, used and kept.")
	w.markdown(0, "description")
	w.comment(0, "Photos, in files beside this one: one line each, such as - che-xanh.jpg")
	w.comment(0, "or, with a description of the photo: - {file: che-xanh.jpg, alt: {vi: …, en: …}}")
	w.line(0, "images: []")
	w.comment(0, "Specifications, shown in this order; delete the lines you do not need. A plain value")
	w.comment(0, "(100 g) is the same in every language; words take a line per language.")
	w.line(0, "specs:")
	w.line(1, "net_weight: ")
	w.text(1, "shelf_life")
	w.text(1, "packaging")
	w.text(1, "ingredients")
	w.text(1, "storage")
	w.text(1, "usage")
	w.comment(1, "Also: volume, alcohol, size, material, standard.")
	w.comment(0, "The indicative price in whole đồng, and what it is for; remove the # to use it.")
	w.comment(0, "price:")
	w.comment(0, "  min: 100000")
	w.comment(0, "  max: 150000")
	w.comment(0, "  currency: VND")
	w.comment(0, "  unit: {%s}", unitExample(cfg.Languages))
	w.comment(0, "Tags such as gift, organic, highland, traditional, handmade, ethnic-hmong.")
	w.line(0, "tags: []")
	return []byte(w.b.String())
}

func unitExample(langs []load.Language) string {
	examples := map[string]string{"vi": "hộp", "en": "box", "zh": "盒"}
	var parts []string
	for _, l := range langs {
		ex := examples[l.Code]
		if ex == "" {
			ex = "…"
		}
		parts = append(parts, l.Code+": "+ex)
	}
	return strings.Join(parts, ", ")
}

// Producer is the skeleton of content/producers/<slug>.yaml.
func Producer(cfg *load.Config) []byte {
	w := &writer{langs: cfg.Languages}
	w.header("A producer (chủ thể OCOP)")
	w.comment(0, "The producer's name, as registered.")
	w.text(0, "name")
	w.comment(0, "What it is: %s.", strings.Join(load.ProducerKinds, ", "))
	w.line(0, "kind: ")
	w.comment(0, "The person who represents it.")
	w.line(0, "representative: ")
	w.comment(0, "Its address: the village or street.")
	w.text(0, "address")
	w.comment(0, "Its commune today, such as Xã Thông Nguyên, and the area (former district)")
	w.comment(0, "it was in, one of the districts' slugs in site.yaml.")
	w.line(0, "commune: ")
	w.line(0, "area: ")
	w.comment(0, "A phone number buyers can call, in quotes, such as \"0219 3826 518\".")
	w.line(0, "phone: ")
	w.comment(0, "The number it uses on Zalo, if any.")
	w.line(0, "zalo: ")
	w.comment(0, "An e-mail address, if any.")
	w.line(0, "email: ")
	w.comment(0, "A web site, starting with https://, if any.")
	w.line(0, "website: ")
	w.comment(0, "A few sentences about the producer, in Markdown.")
	w.text(0, "description")
	return []byte(w.b.String())
}

// Story is the skeleton of content/stories/<slug>.<lang>.md.
func Story(cfg *load.Config, date string) []byte {
	var b strings.Builder
	b.WriteString("---\n")
	b.WriteString("# The story's title.\ntitle: \n")
	b.WriteString("# The date it is published, YYYY-MM-DD.\ndate: " + date + "\n")
	b.WriteString("# The products it is about: the names of their files, without .yaml.\nproducts: []\n")
	b.WriteString("# One sentence for lists and sharing.\nsummary: \n")
	b.WriteString("# A photo in content/stories/, such as {file: images/photo.jpg, alt: What it shows}.\n# image: \n")
	b.WriteString("# true keeps the story out of the site until it is ready; delete the line to publish.\ndraft: true\n")
	b.WriteString("# Below the closing line comes the story, in Markdown: paragraphs separated by\n")
	b.WriteString("# a blank line, ## before a subheading, **bold**, > for a quotation.\n")
	b.WriteString("---\n\n")
	return []byte(b.String())
}
