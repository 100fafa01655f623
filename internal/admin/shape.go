package admin

import (
	"strconv"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// shape is a field as ocop-cms.js's formats see it: how to read its value
// from a record into the form's data, and write it back.
//
//	text    a text per language: a plain string in a file is the
//	        default language's ({vi: …} in the form), and a text in the
//	        default language alone is written as a plain string
//	int     a whole number (a YAML number in the file)
//	bool    true or false
//	string  anything else the file holds as one string: the form keeps
//	        it as a string, and it is written so that it reads back as one
//	        (0912345678 in quotes)
//	list    a list of Item
//	object  a mapping of Fields
//	image   a file name, or {file, alt}: {file, alt} in the form, a plain
//	        file name in the file when there is no alt
//	map     a mapping of keys to Item (specs): a list of {key, value,
//	        text} in the form, where value is a plain string (the same in
//	        every language) and text one per language
type shape struct {
	Key    string   `json:"key,omitempty"`
	Type   string   `json:"type"`
	Item   *shape   `json:"item,omitempty"`
	Fields []*shape `json:"fields,omitempty"`
}

// kindShape is a kind of record as ocop-cms.js's format for it reads it.
type kindShape struct {
	// Ext is the files' extension; Frontmatter, that they are Markdown
	// with the record between --- lines (the text is the form's body).
	Ext         string   `json:"ext"`
	Frontmatter bool     `json:"frontmatter,omitempty"`
	Fields      []*shape `json:"fields"`
}

func shapeOf(k *load.Kind, story bool) kindShape {
	ks := kindShape{Ext: "yaml", Fields: shapes(k.Fields, story)}
	if story {
		ks.Ext, ks.Frontmatter = "md", true
	}
	return ks
}

func shapes(fields []*load.Field, story bool) []*shape {
	out := make([]*shape, len(fields))
	for i, f := range fields {
		out[i] = shapeOfField(f, story)
	}
	return out
}

func shapeOfField(f *load.Field, story bool) *shape {
	s := &shape{Key: f.Key, Type: "string"}
	switch f.Type {
	case load.TypeText, load.TypeMarkdown, load.TypePlace:
		s.Type = "text"
		if story {
			// A story's file is in one language: its texts are plain.
			s.Type = "string"
		}
	case load.TypeInt:
		s.Type = "int"
	case load.TypeChoice:
		if numeric(f.Values) {
			s.Type = "int"
		}
	case load.TypeBool:
		s.Type = "bool"
	case load.TypeList, load.TypeMap:
		s.Type = map[load.Type]string{load.TypeList: "list", load.TypeMap: "map"}[f.Type]
		s.Item = shapeOfField(f.Item, story)
		s.Item.Key = ""
	case load.TypeObject:
		s.Type = "object"
		s.Fields = shapes(f.Fields, story)
	case load.TypeImage:
		s.Type = "image"
		s.Fields = shapes(f.Fields, story)
	}
	return s
}

// numeric reports whether every value is a whole number.
func numeric(values []string) bool {
	for _, v := range values {
		if _, err := strconv.Atoi(v); err != nil {
			return false
		}
	}
	return len(values) > 0
}
