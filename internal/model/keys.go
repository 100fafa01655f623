package model

import (
	"strconv"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// Key returns the key of x when it is one of the catalogue's records:
// a name that stays the same from one build to the next for the same
// record ("product/che-shan-tuyet", "district/dong-van", "page/vi/"), by
// which Object finds it again. Package deps records what a page reads
// from each record under its key.
func Key(x any) (string, bool) {
	switch v := x.(type) {
	case *Catalogue:
		return "site", true
	case *load.Theme:
		return "theme", true
	case *Language:
		return "lang/" + v.Code, true
	case *District:
		return "district/" + v.Slug, true
	case *Group:
		return "group/" + v.Key, true
	case *Star:
		return "star/" + strconv.Itoa(v.Stars), true
	case *Producer:
		return "producer/" + v.Slug, true
	case *Product:
		return "product/" + v.Slug, true
	case *Story:
		return "story/" + v.Slug, true
	case *StoryVersion:
		return "story-version/" + v.Lang.Code + "/" + v.Slug, true
	case *Commune:
		return "commune/" + v.Key, true
	case *Page:
		// The 404 and root pages have a Page of their own with no path:
		// not a record.
		if v.Path == "" {
			return "", false
		}
		return "page/" + v.Path, true
	}
	return "", false
}

// Object returns the record whose key is key (see Key), or false when the
// catalogue has none.
func (c *Catalogue) Object(key string) (any, bool) {
	kind, name, _ := strings.Cut(key, "/")
	var x any
	switch kind {
	case "site":
		return c, name == ""
	case "theme":
		return c.Theme, name == "" && c.Theme != nil
	case "lang":
		for _, l := range c.Languages {
			if l.Code == name {
				return l, true
			}
		}
	case "district":
		if d := c.districtBySlug[name]; d != nil {
			x = d
		}
	case "group":
		if g := c.groupByKey[name]; g != nil {
			x = g
		}
	case "star":
		for _, s := range c.Stars {
			if strconv.Itoa(s.Stars) == name {
				x = s
			}
		}
	case "producer":
		if p := c.producerBySlug[name]; p != nil {
			x = p
		}
	case "product":
		if p := c.productBySlug[name]; p != nil {
			x = p
		}
	case "story":
		if s := c.storyBySlug[name]; s != nil {
			x = s
		}
	case "story-version":
		code, slug, _ := strings.Cut(name, "/")
		if s := c.storyBySlug[slug]; s != nil {
			for _, l := range c.Languages {
				if l.Code == code && s.Versions[l.Index] != nil {
					x = s.Versions[l.Index]
				}
			}
		}
	case "page":
		if p := c.PageAt(name); p != nil {
			x = p
		}
	case "commune":
		if c.Places != nil {
			for _, cm := range c.Places.Communes {
				if cm.Key == name {
					x = cm
				}
			}
		}
	}
	return x, x != nil
}
