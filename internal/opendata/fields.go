package opendata

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/model"
)

// An open data record is its kind's declared fields (load.Kind), in their
// order, each written from its value as its type says, among fields the
// catalogue makes (the page's address, the area, today's place). The
// JSON, the CSV columns and the schema are all made from the same list of
// items, so that the three cannot disagree, nor with the declaration.

// item is one field of an open data record.
type item struct {
	key      string
	required bool // always in the JSON
	// json appends the key and value for rec (omitting both when empty
	// and not required); cols are its CSV columns; schema its schema.
	json   func(b []byte, rec any) []byte
	cols   []column[any]
	schema obj
}

// fieldItem is the item of a declared field f, whose value in rec is
// value(rec).
func (d *data) fieldItem(f *load.Field, value func(rec any) any) item {
	it := item{key: f.Key, required: f.Required}
	desc := f.Help.EN
	described := func(o obj) obj {
		if desc != "" {
			o["description"] = desc
		}
		return o
	}
	textDef := "text"
	if f.Required {
		textDef = "text-default"
	}
	switch f.Type {
	case load.TypeText, load.TypeMarkdown, load.TypePlace:
		get := func(rec any) langMap { t, _ := value(rec).(load.Text); return d.text(t) }
		it.json = func(b []byte, rec any) []byte { return get(rec).appendJSON(key(b, f.Key)) }
		it.required = true
		it.cols = []column[any]{perLang(f.Key, get)}
		if f.Type == load.TypeMarkdown {
			desc = strings.TrimSpace(desc + " Markdown (CommonMark) source.")
			// Not a CSV column: paragraphs, headings and lists are
			// unreadable in a spreadsheet's cell, and a national
			// catalogue's descriptions were 44 MB of its 68 MB CSV. The
			// JSON has them, as written.
			it.cols = nil
		}
		it.schema = described(obj{"$ref": "#/$defs/" + textDef})
	case load.TypeString, load.TypePhone, load.TypeEmail, load.TypeURL:
		get := func(rec any) string { s, _ := value(rec).(string); return s }
		it.json = func(b []byte, rec any) []byte {
			if f.Required {
				return str(b, f.Key, get(rec))
			}
			return strOmit(b, f.Key, get(rec))
		}
		it.cols = []column[any]{one(f.Key, get)}
		s := obj{"type": "string", "minLength": 1}
		switch f.Type {
		case load.TypePhone:
			s["pattern"], desc = phonePattern, "As written."
		case load.TypeEmail:
			s["format"] = "email"
		case load.TypeURL:
			s["format"], s["pattern"] = "uri", "^https?://"
		}
		if f.Pattern != "" {
			s["pattern"] = f.Pattern
		}
		it.schema = described(s)
	case load.TypeChoice:
		if len(f.Values) > 0 && isNumbers(f.Values) {
			get := func(rec any) int64 { n, _ := value(rec).(int); return int64(n) }
			it.json = func(b []byte, rec any) []byte { return integer(b, f.Key, get(rec)) }
			it.cols = []column[any]{{name: f.Key, cell: func(rec any, _ int) cell { return num(get(rec)) }}}
			var enum []int
			for _, v := range f.Values {
				n, _ := strconv.Atoi(v)
				enum = append(enum, n)
			}
			it.schema = described(obj{"type": "integer", "enum": enum})
			break
		}
		get := func(rec any) string { s, _ := value(rec).(string); return s }
		it.json = func(b []byte, rec any) []byte { return str(b, f.Key, get(rec)) }
		it.cols = []column[any]{one(f.Key, get)}
		it.schema = described(obj{"enum": f.Values})
	case load.TypeInt:
		// An optional number left out is 0: not written.
		get := func(rec any) int64 { n, _ := value(rec).(int64); return n }
		it.json = func(b []byte, rec any) []byte {
			if n := get(rec); n != 0 || f.Required {
				return integer(b, f.Key, n)
			}
			return b
		}
		it.cols = []column[any]{{name: f.Key, cell: func(rec any, _ int) cell {
			if n := get(rec); n != 0 || f.Required {
				return num(n)
			}
			return cell{}
		}}}
		it.schema = described(obj{"type": "integer", "minimum": 0})
	case load.TypeDate:
		get := func(rec any) string {
			t, _ := value(rec).(time.Time)
			if t.IsZero() {
				return ""
			}
			return t.Format(time.DateOnly)
		}
		it.json = func(b []byte, rec any) []byte { return str(b, f.Key, get(rec)) }
		it.required = true
		it.cols = []column[any]{one(f.Key, get)}
		it.schema = described(obj{"$ref": "#/$defs/date"})
	case load.TypeBool:
		get := func(rec any) bool { v, _ := value(rec).(bool); return v }
		it.json = func(b []byte, rec any) []byte { return strconv.AppendBool(key(b, f.Key), get(rec)) }
		it.cols = []column[any]{one(f.Key, func(rec any) string { return strconv.FormatBool(get(rec)) })}
		it.schema = described(obj{"type": "boolean"})
	case load.TypeRef:
		// A reference is written with the name of what it names.
		idKey := map[string]string{load.RefGroup: "key"}[f.Ref]
		if idKey == "" {
			idKey = "slug"
		}
		get := func(rec any) (string, langMap) {
			r, _ := value(rec).(load.Ref)
			return r.Value, d.refName(f.Ref, r.Value)
		}
		it.json = func(b []byte, rec any) []byte {
			id, name := get(rec)
			if id == "" && !f.Required {
				return b
			}
			b = str(append(key(b, f.Key), '{'), idKey, id)
			return append(name.appendJSON(key(b, "name")), '}')
		}
		it.cols = []column[any]{
			one(f.Key, func(rec any) string { id, _ := get(rec); return id }),
			perLang(f.Key+"_name", func(rec any) langMap { _, name := get(rec); return name }),
		}
		pattern := slugPattern
		if f.Ref == load.RefGroup {
			pattern = groupPattern
		}
		it.schema = described(object(obj{idKey: obj{"type": "string", "pattern": pattern}, "name": ref("text-default")}, idKey, "name"))
	case load.TypeObject:
		var subs []item
		for _, g := range f.Fields {
			g := g
			subs = append(subs, d.fieldItem(g, func(rec any) any { return g.Value(objectOf(value(rec))) }))
		}
		present := func(rec any) bool { return objectOf(value(rec)) != nil }
		it.json = func(b []byte, rec any) []byte {
			if !present(rec) {
				return b
			}
			b = append(key(b, f.Key), '{')
			for _, s := range subs {
				b = s.json(b, rec)
			}
			return append(b, '}')
		}
		props, required := obj{}, []string{}
		for _, s := range subs {
			props[s.key] = s.schema
			if s.required {
				required = append(required, s.key)
			}
			for _, c := range s.cols {
				c.name = f.Key + "_" + c.name
				inner := c.cell
				c.cell = func(rec any, li int) cell {
					if !present(rec) {
						return cell{}
					}
					return inner(rec, li)
				}
				it.cols = append(it.cols, c)
			}
		}
		it.schema = described(object(props, required...))
	case load.TypeMap:
		get := func(rec any) []load.Spec { s, _ := value(rec).([]load.Spec); return s }
		it.json = func(b []byte, rec any) []byte {
			b = append(key(b, f.Key), '{')
			for _, s := range get(rec) {
				b = d.text(s.Value).appendJSON(key(b, s.Key))
			}
			return append(b, '}')
		}
		it.required = true
		it.cols = []column[any]{{name: f.Key, perLang: true, cell: func(rec any, li int) cell {
			var items []string
			for _, s := range get(rec) {
				if v := d.text(s.Value).get(li); v != "" {
					items = append(items, s.Key+": "+v)
				}
			}
			return text(joined(items))
		}}}
		it.schema = described(obj{"type": "object", "propertyNames": obj{"minLength": 1}, "additionalProperties": ref("text-some")})
	case load.TypeList:
		it.required = true
		switch {
		case f.Item != nil && f.Item.Type == load.TypeImage:
			return d.imagesItem(f, value)
		case f.Item != nil && f.Item.Type == load.TypeRef:
			get := func(rec any) []string {
				refs, _ := value(rec).([]load.Ref)
				out := make([]string, len(refs))
				for i, r := range refs {
					out[i] = r.Value
				}
				return out
			}
			it.json = func(b []byte, rec any) []byte { return strs(b, f.Key, get(rec)) }
			it.cols = []column[any]{one(f.Key, func(rec any) string { return joined(get(rec)) })}
			it.schema = described(obj{"type": "array", "items": ref("slug")})
		default:
			get := func(rec any) []string { s, _ := value(rec).([]string); return append([]string{}, s...) }
			it.json = func(b []byte, rec any) []byte { return strs(b, f.Key, get(rec)) }
			it.cols = []column[any]{one(f.Key, func(rec any) string { return joined(get(rec)) })}
			it.schema = described(obj{"type": "array", "items": obj{"type": "string", "minLength": 1}})
		}
	}
	return it
}

// imagesItem is a list of pictures, as published: where, their size and
// what they show (the record's name where the picture has no alt text).
func (d *data) imagesItem(f *load.Field, value func(rec any) any) item {
	type image struct {
		path   string
		width  int
		height int
		alt    langMap
	}
	get := func(rec any) []image {
		imgs, _ := value(rec).([]*load.Image)
		var name load.Text
		if p, ok := rec.(*model.Product); ok {
			name = p.Name
		}
		out := make([]image, 0, len(imgs))
		for _, img := range imgs {
			alt := img.Alt
			if !hasText(alt) {
				alt = name
			}
			out = append(out, image{path: d.imagePath(img), width: img.Width, height: img.Height, alt: d.text(alt)})
		}
		return out
	}
	return item{key: f.Key, required: true,
		json: func(b []byte, rec any) []byte {
			b = append(key(b, f.Key), '[')
			for i, img := range get(rec) {
				if i > 0 {
					b = append(b, ',')
				}
				b = str(append(b, '{'), "path", img.path)
				b = str(b, "url", d.url(img.path))
				b = integer(b, "width", int64(img.width))
				b = integer(b, "height", int64(img.height))
				b = append(img.alt.appendJSON(key(b, "alt")), '}')
			}
			return append(b, ']')
		},
		cols: []column[any]{one(f.Key, func(rec any) string {
			var urls []string
			for _, img := range get(rec) {
				urls = append(urls, d.url(img.path))
			}
			return joined(urls)
		})},
		schema: obj{"description": f.Help.EN, "type": "array", "items": object(obj{
			"path":   obj{"description": "Where the photo is published, relative to the site's root.", "type": "string", "pattern": "^[^/]"},
			"url":    ref("url"),
			"width":  obj{"type": "integer", "minimum": 1},
			"height": obj{"type": "integer", "minimum": 1},
			"alt":    ref("text-some"),
		}, "path", "url", "width", "height", "alt")},
	}
}

// objectOf returns a pointer to an object's value (a Certificate, a
// *Price), or nil when the record has none.
func objectOf(v any) any {
	switch x := v.(type) {
	case load.Certificate:
		return &x
	case *load.Price:
		if x == nil {
			return nil
		}
		return x
	}
	return nil
}

func isNumbers(values []string) bool {
	for _, v := range values {
		if _, err := strconv.Atoi(v); err != nil {
			return false
		}
	}
	return true
}

// refName is the name of what a reference names, per language.
func (d *data) refName(what, key string) langMap {
	x, ok := d.cat.Object(what + "/" + key)
	if !ok {
		return langMap{codes: d.codes}
	}
	switch v := x.(type) {
	case *model.Group:
		return d.text(v.Name)
	case *model.District:
		return d.text(v.Name)
	case *model.Producer:
		return d.text(v.Name)
	case *model.Product:
		return d.text(v.Name)
	}
	return langMap{codes: d.codes}
}

// items returns the items of kind's records, with the made ones: first
// (slug, url) and after the declared fields.
func (d *data) items(kind *load.Kind, record func(rec any) any, first, after []item) []item {
	out := slices.Clone(first)
	for _, f := range kind.Fields {
		f := f
		out = append(out, d.fieldItem(f, func(rec any) any { return f.Value(record(rec)) }))
	}
	return append(out, after...)
}

// appendRecord writes a record of items as a JSON object.
func appendRecord(b []byte, items []item, rec any) []byte {
	b = append(b, '{')
	for _, it := range items {
		b = it.json(b, rec)
	}
	return append(b, '}')
}

// columns are the CSV columns of items.
func columns(items []item) []column[any] {
	var out []column[any]
	for _, it := range items {
		out = append(out, it.cols...)
	}
	return out
}

// itemSchema is the schema of a record of items.
func itemSchema(items []item) obj {
	props, required := obj{}, []string{}
	for _, it := range items {
		props[it.key] = it.schema
		if it.required {
			required = append(required, it.key)
		}
	}
	return object(props, required...)
}
