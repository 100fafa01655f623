package opendata

import (
	"bufio"
	"encoding/json"
	"io"
	"regexp"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// The schemas are JSON Schema draft 2020-12, made for the site they
// describe: its languages, its address. They are strict: no field beyond
// those documented, every field that is always there required, the text of
// the default language required where the site requires it, dates, slugs
// and addresses checked.

// obj is a JSON object of a schema; encoding/json writes its keys sorted.
type obj = map[string]any

const (
	draft2020   = "https://json-schema.org/draft/2020-12/schema"
	slugPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`
	datePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`
	// groupPattern is a group key: slugs joined by "/" (food/tea).
	groupPattern = `^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$`
	phonePattern = `^\+?[0-9 .()-]+$`
)

func ref(name string) obj { return obj{"$ref": "#/$defs/" + name} }

// defs are the definitions both schemas use.
func (d *data) defs() obj {
	langs := obj{}
	for _, c := range d.codes {
		langs[c] = obj{"type": "string", "minLength": 1}
	}
	urls := obj{}
	for _, c := range d.codes {
		urls[c] = ref("url")
	}
	return obj{
		"text": obj{
			"description": "A text per language, keyed by language code; a language with no text is left out.",
			"type":        "object", "properties": langs, "additionalProperties": false,
		},
		"text-default": obj{
			"description": "A text that has the default language's text, and maybe others.",
			"$ref":        "#/$defs/text", "required": []string{d.codes[0]},
		},
		"text-some": obj{
			"description": "A text in at least one language.",
			"$ref":        "#/$defs/text", "minProperties": 1,
		},
		"urls": obj{
			"description": "The absolute address of a page in each language.",
			"type":        "object", "properties": urls, "required": d.codes, "additionalProperties": false,
		},
		"url": obj{
			"description": "An absolute address on the site.",
			"type":        "string", "format": "uri", "pattern": "^" + regexp.QuoteMeta(d.cat.BaseURL),
		},
		"slug": obj{"type": "string", "pattern": slugPattern},
		"date": obj{"description": "A date, YYYY-MM-DD.", "type": "string", "format": "date", "pattern": datePattern},
	}
}

// schema is the schema of a file whose list, named list, holds items
// defined as itemDef.
func (d *data) schema(path, list, itemDef, title, description string, item obj) obj {
	defs := d.defs()
	defs[itemDef] = item
	var langs []obj
	for _, l := range d.cat.Languages {
		langs = append(langs, obj{"code": l.Code, "name": l.Name})
	}
	return obj{
		"$schema":              draft2020,
		"$id":                  d.url(path),
		"title":                title,
		"description":          description,
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"$schema", "title", "generated", "languages", list},
		"properties": obj{
			"$schema": obj{"description": "The address of this schema.", "const": d.url(path)},
			"title":   obj{"description": "The site's title.", "$ref": "#/$defs/text-default"},
			"generated": obj{
				"description": "The date the catalogue was built for: the certificates listed are valid on it.",
				"$ref":        "#/$defs/date",
			},
			"languages": obj{"description": "The site's languages, the default first.", "const": langs},
			list:        obj{"type": "array", "items": ref(itemDef)},
		},
		"$defs": defs,
	}
}

// object is a closed object schema: every property in required, none but
// props.
func object(props obj, required ...string) obj {
	return obj{"type": "object", "properties": props, "required": required, "additionalProperties": false}
}

func (d *data) productsSchema(w io.Writer) error {
	return writeSchema(w, d.schema(ProductsSchema, "products", "product", "OCOP products",
		"The OCOP products whose certificate is valid on the date generated, in slug order.", recordSchema(d.productItems())))
}

// placeSchema is the schema of a place (a product's or producer's, with
// the site's places table): today's commune and province, and what it was.
func placeSchema() obj {
	return obj{
		"description": "Where it is today (commune and province), and, when its record names the commune it was before the communes were rearranged, that commune, its former district (an area of the catalogue) and its former province. Only with the site's table of places.",
		"type":        "object", "additionalProperties": false, "required": []string{"commune", "kind", "province"},
		"properties": obj{
			"commune":  obj{"type": "string", "minLength": 1},
			"kind":     obj{"enum": load.CommuneKinds},
			"province": obj{"type": "string", "minLength": 1},
			"former": object(obj{
				"commune":  obj{"type": "string", "minLength": 1},
				"kind":     obj{"enum": load.FormerKinds},
				"district": ref("slug"),
				"province": obj{"type": "string", "minLength": 1},
			}, "commune", "kind", "province"),
		},
	}
}

func (d *data) producersSchema(w io.Writer) error {
	return writeSchema(w, d.schema(ProducersSchema, "producers", "producer", "OCOP producers",
		"The producers with at least one product valid on the date generated, in slug order.", recordSchema(d.producerItems())))
}

// recordSchema is the schema of a record written as items: those that
// the JSON has (the CSV's contacts are not).
func recordSchema(items []item) obj {
	var in []item
	for _, it := range items {
		if it.json != nil {
			in = append(in, it)
		}
	}
	return itemSchema(in)
}

func writeSchema(w io.Writer, s obj) error {
	return buffered(w, func(bw *bufio.Writer) error {
		enc := json.NewEncoder(bw)
		// <, > and & as \u003c, \u003e and \u0026: the site's title and
		// languages' names are in it, and no tag may be (see appendString).
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	})
}
