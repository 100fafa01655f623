package render

import (
	"strings"
	"sync"

	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/search"
)

// The search index: package search builds one per language from the
// catalogue's current products and stories; static/search.js reads it
// on the search page. Its files go under the language's search folder,
// next to the page: /vi/search/manifest.json, /vi/search/t/3.json, …

// searchIndex is a language's index, built once, when first asked for.
type searchIndex struct {
	once  sync.Once
	files []File
	err   error
}

// searchDir is the folder of language li's search page and index.
func (r *Renderer) searchDir(li int) string { return r.index[model.SearchPage][li].Path }

// searchFiles returns language li's index files.
func (r *Renderer) searchFiles(li int) ([]File, error) {
	ix := &r.search[li]
	ix.once.Do(func() {
		lang := r.cat.Languages[li]
		files, err := search.Build(lang.Code, r.searchDocs(li), r.searchFacet(li, "district"), r.searchFacet(li, "group"))
		if err != nil {
			ix.err = err
			return
		}
		dir := r.searchDir(li)
		for _, f := range files {
			// Already compact, and many: written as they are.
			ix.files = append(ix.files, File{Path: dir + f.Path, Data: f.Data})
		}
	})
	return ix.files, ix.err
}

// searchFileAt returns the index file at path, if it is one.
func (r *Renderer) searchFileAt(path string) (File, bool) {
	for li := range r.cat.Languages {
		rest, ok := strings.CutPrefix(path, r.searchDir(li))
		if !ok || rest == "index.html" {
			continue
		}
		files, err := r.searchFiles(li)
		if err != nil {
			return File{}, false
		}
		for _, f := range files {
			if f.Path == path {
				return f, true
			}
		}
	}
	return File{}, false
}

// searchFacet is the labels of the district or group filter in language li,
// in the order of site.yaml: a product's facet values are indexes into them.
func (r *Renderer) searchFacet(li int, name string) search.Facet {
	f := search.Facet{Name: name}
	switch name {
	case "district":
		f.Name, _ = r.str(li, "product.area")
		for _, d := range r.cat.Districts {
			s, _ := model.Get(d.Name, li)
			f.Labels = append(f.Labels, s)
		}
	case "group":
		f.Name, _ = r.str(li, "product.group")
		for _, g := range r.cat.Groups {
			s, _ := model.Get(g.Name, li)
			f.Labels = append(f.Labels, s)
		}
	}
	return f
}

// searchDocs are the current products and the stories of language li, as
// the index takes them: products in the order of the districts and, within
// each, by stars and name.
func (r *Renderer) searchDocs(li int) []search.Doc {
	district := map[*model.District]int{}
	for i, d := range r.cat.Districts {
		district[d] = i
	}
	group := map[*model.Group]int{}
	for i, g := range r.cat.Groups {
		group[g] = i
	}
	noPhoto, _ := r.asset("placeholder.svg")
	var docs []search.Doc
	for _, d := range r.cat.Districts {
		for _, p := range d.Products[li] {
			name, _ := model.Get(p.Name, li)
			districtName, _ := model.Get(p.District.Name, li)
			groupName, _ := model.Get(p.Group.Name, li)
			summary, _ := model.Get(p.Summary, li)
			desc, _ := model.Get(p.Description, li)
			producer, _ := model.Get(p.Producer.Name, li)
			doc := search.Doc{
				Kind: "product", URL: r.cat.BasePath + p.PagePath(li), Title: name,
				Fields:   append([]string{summary, plainText(desc), producer, districtName, groupName}, r.placeWords(li, p.Place)...),
				District: district[p.District], Stars: p.Stars,
				Subtitle: districtName + " · " + groupName,
			}
			for g := p.Group; g != nil; g = g.Parent {
				doc.Group = append(doc.Group, group[g])
				if g != p.Group {
					n, _ := model.Get(g.Name, li)
					doc.Fields = append(doc.Fields, n)
				}
			}
			for _, t := range p.Tags {
				doc.Fields = append(doc.Fields, r.optional(li, "tag."+t, t))
			}
			if len(p.Images) > 0 {
				img := p.Images[0]
				pic := r.picture(img)
				doc.Image, doc.ImageW, doc.ImageH = r.imageURL(img), pic.Width, pic.Height
			} else {
				doc.Image, doc.ImageW, doc.ImageH = noPhoto, 400, 300
			}
			docs = append(docs, doc)
		}
	}
	for _, s := range r.cat.StoriesIn[li] {
		doc := search.Doc{
			Kind: "story", URL: r.cat.BasePath + s.Page.Path, Title: s.Title,
			Fields: []string{s.Summary, plainText(s.Body)}, District: -1,
			Subtitle: r.date(li, s.Date),
		}
		if s.Image != nil {
			pic := r.picture(s.Image)
			doc.Image, doc.ImageW, doc.ImageH = r.imageURL(s.Image), pic.Width, pic.Height
		}
		docs = append(docs, doc)
	}
	return docs
}
