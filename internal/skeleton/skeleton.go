// Package skeleton writes the starting text of a new record: every field
// of its declaration (load.Kind), each with its help as a comment in the
// editor's language, the values left for the editor to fill in. `ocop
// check` on a fresh skeleton lists exactly the required values still
// missing, at their lines.
package skeleton

import (
	"fmt"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// Options say what a skeleton is for.
type Options struct {
	// Lang is the language of the comments: "vi" or "en".
	Lang string
	// Languages are the site's, the default first.
	Languages []load.Language
	// Choices are the values a reference may take, by what it refers to
	// (load.RefGroup: the groups' keys, …), listed in its comment.
	Choices map[string][]string
	// Keys are the keys to offer in a map field, by the field's key (the
	// specs a product usually has).
	Keys map[string][]string
	// Title is the first line: what the record is.
	Title string
	// Values fill in fields, by key (a story's date: today).
	Values map[string]string
}

// writer builds YAML text with comments.
type writer struct {
	b   strings.Builder
	opt Options
}

func (w *writer) line(indent int, s string) {
	if s == "" {
		w.b.WriteString("\n")
		return
	}
	w.b.WriteString(strings.Repeat("  ", indent) + s + "\n")
}

func (w *writer) comment(indent int, s string) {
	for _, l := range strings.Split(s, "\n") {
		w.line(indent, "# "+l)
	}
}

// say picks the phrase of the skeleton's language.
func (w *writer) say(vi, en string) string {
	if w.opt.Lang == "vi" {
		return vi
	}
	return en
}

func (w *writer) codes() string {
	codes := make([]string, len(w.opt.Languages))
	for i, l := range w.opt.Languages {
		codes[i] = l.Code
	}
	return strings.Join(codes, ", ")
}

func (w *writer) header() {
	def := w.opt.Languages[0].Code
	w.comment(0, w.opt.Title+". "+w.say("Điền các giá trị, rồi chạy: ocop check", "Fill in the values, then run: ocop check"))
	w.comment(0, fmt.Sprintf(w.say(
		"Trường văn bản có một dòng cho mỗi ngôn ngữ (%s): %s là bắt buộc; ngôn ngữ nào\nđể trống sẽ hiện chữ %s, có ghi chú là chưa dịch. Trường để trống là không có.",
		"Text fields have a line per language (%s): %s is required; a language\nleft empty shows the %s text, marked as not translated. An empty field is left out."),
		w.codes(), def, def))
	w.line(0, "")
}

// help is a field's comment: its help, its choices, an example.
func (w *writer) help(f *load.Field) string {
	s := f.Help.In(w.opt.Lang)
	var choices []string
	switch {
	case f.Type == load.TypeChoice:
		choices = f.Values
	case f.Type == load.TypeRef:
		choices = w.opt.Choices[f.Ref]
	}
	if len(choices) > 0 && len(choices) <= 24 {
		s += "\n" + w.say("Một trong: ", "One of: ") + strings.Join(choices, ", ") + "."
	}
	if f.Example != "" {
		s += " " + w.say("Ví dụ: ", "For example: ") + f.Example
	}
	if f.Required {
		s += " " + w.say("(Bắt buộc.)", "(Required.)")
	}
	return s
}

// field writes one field at indent.
func (w *writer) field(indent int, f *load.Field) {
	w.comment(indent, w.help(f))
	key := f.Key
	switch f.Type {
	case load.TypeText:
		w.line(indent, key+":")
		for _, l := range w.opt.Languages {
			w.line(indent+1, l.Code+": ")
		}
	case load.TypeMarkdown:
		w.line(indent, key+":")
		for _, l := range w.opt.Languages {
			w.line(indent+1, l.Code+": |")
			w.line(indent+2, "")
		}
	case load.TypeObject:
		if !f.Required {
			// An optional group of values, commented out until wanted.
			w.comment(indent, w.say("Bỏ dấu # ở các dòng dưới để dùng.", "Remove the # of the lines below to use it."))
			var sub writer
			sub.opt = w.opt
			for _, g := range f.Fields {
				sub.line(0, g.Key+": "+g.Example)
			}
			w.comment(indent, key+":")
			for _, l := range strings.Split(strings.TrimSuffix(sub.b.String(), "\n"), "\n") {
				w.comment(indent, "  "+l)
			}
			return
		}
		w.line(indent, key+":")
		for _, g := range f.Fields {
			if g.Required {
				w.field(indent+1, g)
			}
		}
		for _, g := range f.Fields {
			if !g.Required {
				w.comment(indent+1, w.help(g))
				w.comment(indent+1, g.Key+": ")
			}
		}
	case load.TypeList:
		if f.Item != nil && f.Item.Type == load.TypeImage {
			w.comment(indent, w.say("Mỗi ảnh một dòng: - anh.jpg, hoặc kèm mô tả: - {file: anh.jpg, alt: {vi: …, en: …}}",
				"One photo a line: - photo.jpg, or with a description: - {file: photo.jpg, alt: {vi: …, en: …}}"))
		}
		w.line(indent, key+": []")
	case load.TypeMap:
		w.line(indent, key+":")
		for _, k := range w.opt.Keys[key] {
			if f.Item != nil && f.Item.Type == load.TypeText {
				w.line(indent+1, k+":")
				for _, l := range w.opt.Languages {
					w.line(indent+2, l.Code+": ")
				}
			} else {
				w.line(indent+1, k+": ")
			}
		}
	default:
		w.line(indent, key+": "+w.opt.Values[key])
	}
}

// Record writes the skeleton of a record of kind: its required fields
// first, in the declaration's order, then the others.
func Record(kind *load.Kind, opt Options) []byte {
	w := &writer{opt: opt}
	w.header()
	for _, f := range kind.Fields {
		if f.Required {
			w.field(0, f)
		}
	}
	for _, f := range kind.Fields {
		if !f.Required {
			w.field(0, f)
		}
	}
	return []byte(w.b.String())
}

// Story writes the skeleton of a story: its front matter between ---
// lines, then where the text goes.
func Story(kind *load.Kind, opt Options) []byte {
	w := &writer{opt: opt}
	w.line(0, "---")
	w.comment(0, opt.Title+". "+w.say("Điền các giá trị, rồi chạy: ocop check", "Fill in the values, then run: ocop check"))
	for _, f := range kind.Fields {
		if f.Key == "draft" {
			w.comment(0, w.help(f))
			w.line(0, "draft: true")
			continue
		}
		w.field(0, f)
	}
	w.comment(0, w.say("Sau dòng --- là câu chuyện, viết bằng Markdown: các đoạn cách nhau một dòng trống,\n## trước tiêu đề nhỏ, **chữ đậm**, > trước lời trích.",
		"Below the closing line comes the story, in Markdown: paragraphs separated by\na blank line, ## before a subheading, **bold**, > for a quotation."))
	w.line(0, "---")
	w.line(0, "")
	return []byte(w.b.String())
}
