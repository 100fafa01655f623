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
	name := func(key string) obj {
		return object(obj{key: ref("slug"), "name": ref("text-default")}, key, "name")
	}
	item := object(obj{
		"slug":        ref("slug"),
		"url":         obj{"description": "The product's page in each language.", "$ref": "#/$defs/urls"},
		"name":        ref("text-default"),
		"summary":     ref("text"),
		"description": obj{"description": "Markdown (CommonMark) source.", "$ref": "#/$defs/text"},
		"stars":       obj{"description": "The OCOP rating.", "type": "integer", "minimum": 3, "maximum": 5},
		"group": object(obj{
			"key":  obj{"type": "string", "pattern": groupPattern},
			"name": ref("text-default"),
		}, "key", "name"),
		"district": name("slug"),
		"commune":  ref("text"),
		"place":    placeSchema(),
		"producer": name("slug"),
		"certificate": object(obj{
			"number":  obj{"description": "The recognition decision's number.", "type": "string", "minLength": 1},
			"issued":  ref("date"),
			"expires": obj{"description": "The last day of validity.", "$ref": "#/$defs/date"},
			"issuer":  ref("text-default"),
		}, "number", "issued", "expires", "issuer"),
		"price": obj{
			"description":          "Whole numbers in the currency; max only when the record gives one.",
			"type":                 "object",
			"additionalProperties": false,
			"required":             []string{"min", "currency", "unit"},
			"properties": obj{
				"min":      obj{"type": "integer", "minimum": 0},
				"max":      obj{"type": "integer", "minimum": 0},
				"currency": obj{"description": "An ISO 4217 code.", "type": "string", "pattern": "^[A-Z]{3}$"},
				"unit":     ref("text"),
			},
		},
		"specs": obj{
			"description":          "Specifications by key (net_weight, shelf_life, …), in the record's order.",
			"type":                 "object",
			"propertyNames":        obj{"minLength": 1},
			"additionalProperties": ref("text-some"),
		},
		"tags": obj{"type": "array", "items": obj{"type": "string", "minLength": 1}},
		"images": obj{"type": "array", "items": object(obj{
			"path":   obj{"description": "Where the photo is published, relative to the site's root.", "type": "string", "pattern": "^[^/]"},
			"url":    ref("url"),
			"width":  obj{"type": "integer", "minimum": 1},
			"height": obj{"type": "integer", "minimum": 1},
			"alt":    ref("text-some"),
		}, "path", "url", "width", "height", "alt")},
	}, "slug", "url", "name", "summary", "description", "stars", "group", "district", "commune",
		"producer", "certificate", "specs", "tags", "images")
	return writeSchema(w, d.schema(ProductsSchema, "products", "product", "OCOP products",
		"The OCOP products whose certificate is valid on the date generated, in slug order.", item))
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
	item := object(obj{
		"slug":           ref("slug"),
		"url":            obj{"description": "The producer's page in each language.", "$ref": "#/$defs/urls"},
		"name":           ref("text-default"),
		"kind":           obj{"enum": load.ProducerKinds},
		"representative": obj{"type": "string", "minLength": 1},
		"phone":          obj{"description": "As written.", "type": "string", "pattern": phonePattern},
		"email":          obj{"type": "string", "format": "email"},
		"website":        obj{"type": "string", "format": "uri", "pattern": "^https?://"},
		"zalo":           obj{"description": "The phone number used on Zalo, as written.", "type": "string", "pattern": phonePattern},
		"address":        ref("text-default"),
		"place":          placeSchema(),
		"products": obj{
			"description": "The slugs of its current products, in slug order.",
			"type":        "array", "minItems": 1, "uniqueItems": true, "items": ref("slug"),
		},
		"description": obj{"description": "Markdown (CommonMark) source.", "$ref": "#/$defs/text"},
	}, "slug", "url", "name", "kind", "address", "products", "description")
	return writeSchema(w, d.schema(ProducersSchema, "producers", "producer", "OCOP producers",
		"The producers of the OCOP products whose certificate is valid on the date generated, in slug order.", item))
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
