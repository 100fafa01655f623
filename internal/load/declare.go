package load

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	yaml "go.yaml.in/yaml/v4"
)

// The records editors write are declared here, each kind once: every
// field's key, type, whether it is required, its allowed values or what
// it refers to, and a short help text in Vietnamese and English. The
// declaration decodes the field (the loader reads records by it, with its
// checks and messages), and is what ocop new writes a skeleton of, what
// the open data's JSON Schema and CSV columns are made of, and what the
// editing forms of /admin/ (the CMS) show.
//
// To add a field to a record: a field in its Go type (Product, Producer,
// …), a line in its declaration below, the templates that show it and
// their strings. Nothing else: CONTRIBUTING.md shows an example.

// Type is the kind of value a field holds.
type Type string

const (
	// TypeText is a text per language: {vi: …, en: …}, or a plain text
	// in the default language.
	TypeText Type = "text"
	// TypeMarkdown is a text per language written in Markdown.
	TypeMarkdown Type = "markdown"
	// TypePlace is a place name: per language, or one name for all.
	TypePlace Type = "place"
	// TypeString is one text, the same in every language.
	TypeString Type = "string"
	// TypeInt is a whole number.
	TypeInt Type = "integer"
	// TypeDate is a date written YYYY-MM-DD.
	TypeDate Type = "date"
	// TypeBool is true or false.
	TypeBool Type = "boolean"
	// TypePhone is a telephone number, written in quotes.
	TypePhone Type = "phone"
	// TypeEmail is an e-mail address.
	TypeEmail Type = "email"
	// TypeURL is a web address starting with https:// or http://.
	TypeURL Type = "url"
	// TypeChoice is one of the field's Values.
	TypeChoice Type = "choice"
	// TypeRef names another record, or an entry of site.yaml, by its
	// key: Field.Ref says which kind.
	TypeRef Type = "ref"
	// TypeList is a list of Field.Item.
	TypeList Type = "list"
	// TypeObject is a mapping of Field.Fields.
	TypeObject Type = "object"
	// TypeMap is a mapping of keys the editor chooses to Field.Item.
	TypeMap Type = "map"
	// TypeImage is a picture file beside the record: file.jpg, or
	// {file: file.jpg, alt: …}.
	TypeImage Type = "image"
)

// What a TypeRef field names.
const (
	RefDistrict = "district"
	RefGroup    = "group"
	RefProducer = "producer"
	RefProduct  = "product"
)

// Help is a field's help text, in Vietnamese and in English.
type Help struct{ VI, EN string }

// In returns the help text in language lang: Vietnamese for "vi",
// English otherwise.
func (h Help) In(lang string) string {
	if lang == "vi" && h.VI != "" {
		return h.VI
	}
	return h.EN
}

// Field declares one key of a record.
type Field struct {
	Key      string
	Type     Type
	Required bool
	// Values are the values a choice (or the items of a list of
	// choices) may take, in the order to offer them; nil where they come
	// from the site (Ref).
	Values []string
	// Ref is what a TypeRef field (or the items of a list of them)
	// names: RefDistrict, RefGroup, RefProducer or RefProduct.
	Ref string
	// Item declares the items of a list or the values of a map.
	Item *Field
	// Fields declares the keys of an object.
	Fields []*Field
	// Pattern is a regular expression a string must match (for forms
	// and schemas; the loader's checks say the same in words).
	Pattern string
	// Example is a value to show in help and skeletons.
	Example string
	// Label names the field in forms, Help says more.
	Label Help
	Help  Help
	// what names the field in messages, when not its key: a diag.Msg.
	what any
	// decode reads the field's value n into rec, the record (or object)
	// being read, a pointer to its Go type; get returns its value from
	// rec, as the record's Go type holds it.
	decode func(d *decoder, n *yaml.Node, rec any)
	get    func(rec any) any
	// re is Pattern, compiled: a string field's value must match it
	// (the field's Example shows one that does).
	re *regexp.Regexp
}

// Value returns the field's value in rec (a pointer to the record's Go
// type, or to an object's): a Text, a string, an int, a time.Time, a Ref,
// a *Price, …, as the Go type holds it; nil for a field that keeps none.
func (f *Field) Value(rec any) any {
	if f.get == nil {
		return nil
	}
	return f.get(rec)
}

// Name returns how messages name the field: its key, or a phrase (a
// diag.Msg, which prints in the editor's language).
func (f *Field) Name() any {
	if f.what != nil {
		return f.what
	}
	return f.Key
}

// Kind declares a kind of record.
type Kind struct {
	// Name is the kind's name: "product", "producer", "story", "site".
	Name string
	// Path is where its files are, such as
	// "content/products/<district>/<slug>.yaml".
	Path   string
	Help   Help
	Fields []*Field
}

// labelled gives the fields of k their labels, by key path
// ("certificate.number"); every path must name a field.
func (k *Kind) labelled(labels map[string]Help) *Kind {
	for key, l := range labels {
		fields := k.Fields
		var f *Field
		for part := range strings.SplitSeq(key, ".") {
			i := slices.IndexFunc(fields, func(f *Field) bool { return f.Key == part })
			if i < 0 {
				panic("load: no field " + key + " in " + k.Name)
			}
			f = fields[i]
			fields = f.Fields
			if f.Item != nil {
				fields = f.Item.Fields
			}
		}
		f.Label = l
	}
	return k
}

// Field returns the field of k with key, or nil.
func (k *Kind) Field(key string) *Field {
	i := slices.IndexFunc(k.Fields, func(f *Field) bool { return f.Key == key })
	if i < 0 {
		return nil
	}
	return k.Fields[i]
}

// fieldsOf returns fields as the decoder's mapping takes them, decoding
// into rec.
func fieldsOf(d *decoder, fields []*Field, rec any) []field {
	out := make([]field, len(fields))
	for i, f := range fields {
		out[i] = field{name: f.Key, required: f.Required}
		if f.decode != nil {
			out[i].decode = func(_, v *yaml.Node) { f.decode(d, v, rec) }
		}
	}
	return out
}

// The constructors of fields: each takes the field's key, help, and where
// in its record (of Go type R) the value goes.

func decl[R any](key string, t Type, help Help, decode func(d *decoder, n *yaml.Node, r *R, f *Field)) *Field {
	f := &Field{Key: key, Type: t, Help: help}
	f.decode = func(d *decoder, n *yaml.Node, rec any) { decode(d, n, rec.(*R), f) }
	return f
}

// located declares where in its record (of Go type R) a field's value
// is, for Field.Value.
func located[R, V any](f *Field, where func(*R) *V) *Field {
	f.get = func(rec any) any { return *where(rec.(*R)) }
	return f
}

func textField[R any](key string, help Help, at func(*R) *Text) *Field {
	return located(decl(key, TypeText, help, func(d *decoder, n *yaml.Node, r *R, f *Field) {
		if f.Required {
			*at(r) = d.requiredText(n, f.Name())
		} else {
			*at(r) = d.text(n, f.Name())
		}
	}), at)
}

func markdownField[R any](key string, help Help, at func(*R) *Text) *Field {
	return located(decl(key, TypeMarkdown, help, func(d *decoder, n *yaml.Node, r *R, f *Field) { *at(r) = d.markdown(n, f.Name()) }), at)
}

func placeField[R any](key string, help Help, at func(*R) *Text) *Field {
	return located(decl(key, TypePlace, help, func(d *decoder, n *yaml.Node, r *R, f *Field) { *at(r) = d.place(n, f.Name()) }), at)
}

func stringField[R any](key string, help Help, at func(*R) *string) *Field {
	return located(decl(key, TypeString, help, func(d *decoder, n *yaml.Node, r *R, f *Field) {
		d.plainSlips(n, f.Name())
		var s string
		if f.Required {
			s = d.requiredStr(n, f.Name())
		} else {
			s, _ = d.str(n, f.Name())
		}
		if s != "" && f.re != nil && !f.re.MatchString(s) {
			d.errorf(n, "pattern", "%s %q is not written as it should be; write it such as %s", f.Name(), s, f.Example)
			return
		}
		*at(r) = s
	}), at)
}

func dateField[R any](key string, help Help, at func(*R) *time.Time) *Field {
	return located(decl(key, TypeDate, help, func(d *decoder, n *yaml.Node, r *R, f *Field) { *at(r), _ = d.date(n, f.Name()) }), at)
}

func boolField[R any](key string, help Help, at func(*R) *bool) *Field {
	return located(decl(key, TypeBool, help, func(d *decoder, n *yaml.Node, r *R, f *Field) { *at(r) = d.boolean(n, f.Name()) }), at)
}

func phoneField[R any](key string, help Help, at func(*R) *string) *Field {
	return located(decl(key, TypePhone, help, func(d *decoder, n *yaml.Node, r *R, f *Field) { *at(r) = d.phone(n, f.Name()) }), at)
}

func refField[R any](key, ref string, help Help, at func(*R) *Ref) *Field {
	f := decl(key, TypeRef, help, func(d *decoder, n *yaml.Node, r *R, f *Field) {
		var s string
		if f.Required {
			s = d.requiredStr(n, f.Name())
		} else {
			s, _ = d.str(n, f.Name())
		}
		*at(r) = Ref{s, d.pos(n)}
	})
	f.Ref = ref
	return located(f, at)
}

// with sets what a field's constructor does not: required, its values,
// bounds and example, how messages name it.
func (f *Field) required() *Field { f.Required = true; return f }

func (f *Field) example(s string) *Field { f.Example = s; return f }

func (f *Field) named(what diag.Msg) *Field { f.what = what; return f }

func (f *Field) pattern(p string) *Field { f.Pattern, f.re = p, regexp.MustCompile(p); return f }
