package render

import (
	"bytes"
	"cmp"
	"slices"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/admin"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// addAdmin adds /admin/, the CMS (package admin), made from the
// catalogue's languages, districts and groups, the theme's names of specs
// and producer kinds, and site.yaml's cms. Its files are written as they
// are: Decap's are already minified.
func (r *Renderer) addAdmin(ps *admin.Packages) error {
	c := r.cat
	def := func(t load.Text) string {
		if len(t.Values) == 0 {
			return ""
		}
		return t.Values[0]
	}
	s := &admin.Site{Title: def(c.Title), BaseURL: c.BaseURL, BasePath: c.BasePath, CMS: c.CMS}
	for _, l := range c.Languages {
		s.Languages = append(s.Languages, admin.Language{Code: l.Code, Name: l.Name})
	}
	for _, d := range c.Districts {
		s.Districts = append(s.Districts, admin.Choice{Value: d.Slug, Label: def(d.Name)})
	}
	for _, g := range c.Groups {
		s.Groups = append(s.Groups, admin.Choice{Value: g.Key, Label: def(g.Name)})
	}
	strs := map[string]load.Message{}
	if len(r.strings) > 0 {
		strs = r.strings[0]
	}
	for k, m := range strs {
		if key, ok := strings.CutPrefix(k, "spec."); ok {
			s.Specs = append(s.Specs, admin.Choice{Value: key, Label: m.Other})
		}
	}
	sorter := vntext.NewSorter(c.Languages[0].Code)
	slices.SortFunc(s.Specs, func(a, b admin.Choice) int {
		return cmp.Or(bytes.Compare(sorter.Key(a.Label), sorter.Key(b.Label)), cmp.Compare(a.Value, b.Value))
	})
	for _, k := range load.ProducerKinds {
		label := k
		if m, ok := strs["kind."+k]; ok {
			label = m.Other
		}
		s.ProducerKinds = append(s.ProducerKinds, admin.Choice{Value: k, Label: label})
	}
	files, err := admin.Files(s, ps)
	if err != nil {
		return err
	}
	for _, f := range files {
		r.static = append(r.static, File{Path: f.Path, Data: f.Data})
	}
	slices.SortFunc(r.static, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return nil
}
