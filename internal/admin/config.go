package admin

import (
	"fmt"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// The configuration of Decap CMS, made from the record declarations: each
// declared field gives the widget that edits it, and site.yaml gives the
// districts, groups and languages. It goes to the CMS in site.js, not as
// a config.yml: Decap reads a config.yml only when the server says it is
// YAML (Content-Type), which not every host does.

// config is Decap CMS's configuration, as config.yml would hold it.
type config struct {
	Backend          backend       `json:"backend"`
	PublishMode      string        `json:"publish_mode"`
	Locale           string        `json:"locale"`
	SiteURL          string        `json:"site_url"`
	DisplayURL       string        `json:"display_url"`
	MediaFolder      string        `json:"media_folder"`
	PublicFolder     string        `json:"public_folder"`
	ShowPreviewLinks bool          `json:"show_preview_links"`
	Slug             slugOptions   `json:"slug"`
	I18n             *i18n         `json:"i18n,omitempty"`
	Collections      []*collection `json:"collections"`
}

type backend struct {
	Name     string `json:"name"`
	Repo     string `json:"repo,omitempty"`
	Branch   string `json:"branch"`
	BaseURL  string `json:"base_url,omitempty"`
	ProxyURL string `json:"proxy_url,omitempty"`
}

type slugOptions struct {
	Encoding            string `json:"encoding"`
	CleanAccents        bool   `json:"clean_accents"`
	SanitizeReplacement string `json:"sanitize_replacement"`
}

type i18n struct {
	Structure     string   `json:"structure"`
	Locales       []string `json:"locales"`
	DefaultLocale string   `json:"default_locale"`
}

type collection struct {
	Name            string       `json:"name"`
	Label           string       `json:"label"`
	LabelSingular   string       `json:"label_singular"`
	Description     string       `json:"description,omitempty"`
	Folder          string       `json:"folder"`
	Extension       string       `json:"extension"`
	Format          string       `json:"format"`
	Hide            bool         `json:"hide,omitempty"`
	Create          bool         `json:"create"`
	Delete          bool         `json:"delete"`
	Nested          *nested      `json:"nested,omitempty"`
	I18n            bool         `json:"i18n,omitempty"`
	IdentifierField string       `json:"identifier_field"`
	Summary         string       `json:"summary"`
	SortableFields  []string     `json:"sortable_fields,omitempty"`
	ViewFilters     []viewFilter `json:"view_filters,omitempty"`
	MediaFolder     *string      `json:"media_folder,omitempty"`
	PublicFolder    *string      `json:"public_folder,omitempty"`
	PreviewPath     string       `json:"preview_path,omitempty"`
	Editor          editor       `json:"editor"`
	Fields          []*field     `json:"fields"`
}

type nested struct {
	Depth int `json:"depth"`
}

type viewFilter struct {
	Label   string `json:"label"`
	Field   string `json:"field"`
	Pattern string `json:"pattern"`
}

type editor struct {
	Preview bool `json:"preview"`
}

// field is a field of a collection: a widget and its options.
type field struct {
	Name          string   `json:"name"`
	Label         string   `json:"label"`
	Widget        string   `json:"widget"`
	Required      *bool    `json:"required,omitempty"`
	Hint          string   `json:"hint,omitempty"`
	I18n          any      `json:"i18n,omitempty"`
	Pattern       []string `json:"pattern,omitempty"`
	Options       []option `json:"options,omitempty"`
	Multiple      bool     `json:"multiple,omitempty"`
	Collection    string   `json:"collection,omitempty"`
	ValueField    string   `json:"value_field,omitempty"`
	SearchFields  []string `json:"search_fields,omitempty"`
	DisplayFields []string `json:"display_fields,omitempty"`
	ValueType     string   `json:"value_type,omitempty"`
	Min           *int     `json:"min,omitempty"`
	Format        string   `json:"format,omitempty"`
	DateFormat    string   `json:"date_format,omitempty"`
	TimeFormat    *bool    `json:"time_format,omitempty"`
	PickerUTC     bool     `json:"picker_utc,omitempty"`
	ChooseURL     *bool    `json:"choose_url,omitempty"`
	Collapsed     *bool    `json:"collapsed,omitempty"`
	LabelSingular string   `json:"label_singular,omitempty"`
	Summary       string   `json:"summary,omitempty"`
	Fields        []*field `json:"fields,omitempty"`
}

type option struct {
	Label string `json:"label"`
	Value any    `json:"value"`
}

// Where the CMS's records are.
const (
	productsDir  = "content/products"
	producersDir = "content/producers"
	storiesDir   = "content/stories"
)

// Collection names.
const (
	productsName  = "products" // every product, hidden: for relations
	producersName = "producers"
	storiesName   = "stories"
)

// districtCollection is the name of the collection of a district's
// products.
func districtCollection(slug string) string { return "products-" + slug }

func ptr[T any](v T) *T { return &v }

func makeConfig(s *Site, kinds *load.Kinds) (*config, error) {
	b := &builder{site: s, lang: s.lang()}
	def := s.Languages[0].Code
	c := &config{
		PublishMode:      "simple",
		Locale:           b.lang,
		SiteURL:          s.BaseURL,
		DisplayURL:       s.BaseURL,
		MediaFolder:      storiesDir + "/images",
		PublicFolder:     "images",
		ShowPreviewLinks: true,
		Slug:             slugOptions{Encoding: "ascii", CleanAccents: true, SanitizeReplacement: "-"},
	}
	branch := s.CMS.Branch
	if branch == "" {
		branch = "main"
	}
	if s.CMS.Repo != "" {
		c.Backend = backend{Name: "github", Repo: s.CMS.Repo, Branch: branch, BaseURL: s.CMS.AuthURL}
	} else {
		// Only ocop serve can save: ocop-cms.js says so elsewhere.
		c.Backend = backend{Name: "proxy", Branch: branch, ProxyURL: s.BasePath + APIPath}
	}
	if len(s.Languages) > 1 {
		codes := make([]string, len(s.Languages))
		for i, l := range s.Languages {
			codes[i] = l.Code
		}
		c.I18n = &i18n{Structure: "multiple_files", Locales: codes, DefaultLocale: def}
	}
	product := b.fields(kinds.Product.Fields, false)
	if b.err != nil {
		return nil, b.err
	}
	nameField := "name." + def
	stars := []viewFilter{}
	for _, v := range kinds.Product.Field("stars").Values {
		stars = append(stars, viewFilter{Label: b.say(v+" sao", v+" stars"), Field: "stars", Pattern: v})
	}
	for _, d := range s.Districts {
		c.Collections = append(c.Collections, &collection{
			Name:          districtCollection(d.Value),
			Label:         b.say("Sản phẩm · ", "Products · ") + d.Label,
			LabelSingular: b.say("sản phẩm ở ", "product of ") + d.Label,
			Description: b.say("Các sản phẩm mà giấy chứng nhận ghi "+d.Label+": tệp trong "+productsDir+"/"+d.Value+"/.",
				"The products whose certificate names "+d.Label+": files in "+productsDir+"/"+d.Value+"/."),
			Folder: productsDir + "/" + d.Value, Extension: "yaml", Format: "ocop-product",
			Create: true, Delete: true,
			IdentifierField: nameField,
			Summary:         "{{" + nameField + "}} · {{stars}}★",
			SortableFields:  []string{nameField, "stars", "certificate.issued"},
			ViewFilters:     stars,
			// Photos beside the record; the bare file name in it.
			MediaFolder: ptr(""), PublicFolder: ptr(""),
			PreviewPath: def + "/products/{{slug}}/",
			Fields:      product,
		})
	}
	// Every product, for the stories' relation to them: hidden.
	c.Collections = append(c.Collections, &collection{
		Name: productsName, Label: b.say("Mọi sản phẩm", "Every product"), LabelSingular: b.say("sản phẩm", "product"),
		Folder: productsDir, Extension: "yaml", Format: "ocop-product", Hide: true,
		Nested:          &nested{Depth: 2},
		IdentifierField: nameField, Summary: "{{" + nameField + "}}",
		Fields: product,
	})
	producer := b.fields(kinds.Producer.Fields, false)
	c.Collections = append(c.Collections, &collection{
		Name: producersName, Label: b.say("Chủ thể", "Producers"), LabelSingular: b.say("chủ thể", "producer"),
		Description: b.say("Doanh nghiệp, hợp tác xã, tổ hợp tác, hộ kinh doanh: tệp trong "+producersDir+"/.",
			"Enterprises, cooperatives, cooperative groups, households: files in "+producersDir+"/."),
		Folder: producersDir, Extension: "yaml", Format: "ocop-producer",
		Create: true, Delete: true,
		IdentifierField: nameField, Summary: "{{" + nameField + "}}",
		SortableFields: []string{nameField},
		PreviewPath:    def + "/producers/{{slug}}/",
		Fields:         producer,
	})
	story := b.fields(kinds.Story.Fields, true)
	story = append(story, &field{Name: "body", Label: b.say("Nội dung", "Text"), Widget: "text", I18n: true,
		Hint: markdownHint(b)})
	c.Collections = append(c.Collections, &collection{
		Name: storiesName, Label: b.say("Câu chuyện", "Stories"), LabelSingular: b.say("câu chuyện", "story"),
		Description: b.say("Mỗi câu chuyện một tệp cho mỗi ngôn ngữ: "+storiesDir+"/<tên>.<ngôn ngữ>.md.",
			"A story is a file per language: "+storiesDir+"/<name>.<language>.md."),
		Folder: storiesDir, Extension: "md", Format: "ocop-story",
		Create: true, Delete: true, I18n: len(s.Languages) > 1,
		IdentifierField: "title", Summary: "{{title}}",
		SortableFields: []string{"title", "date"},
		// A story's pictures are in content/stories/images/.
		MediaFolder: ptr("images"), PublicFolder: ptr("images"),
		PreviewPath: def + "/stories/{{slug}}/",
		Fields:      story,
	})
	return c, b.err
}

// builder makes the fields of a collection.
type builder struct {
	site *Site
	lang string
	err  error
}

// say returns the Vietnamese or the English, in the CMS's language.
func (b *builder) say(vi, en string) string {
	if b.lang == "vi" {
		return vi
	}
	return en
}

func (b *builder) fields(fs []*load.Field, story bool) []*field {
	out := make([]*field, 0, len(fs))
	for _, f := range fs {
		w := b.field(f, story, true)
		if story {
			// A story is a file per language: its texts are each
			// language's; its date and products are the same in all.
			switch f.Type {
			case load.TypeDate, load.TypeList:
				w.I18n = "duplicate"
			default:
				w.I18n = true
			}
		}
		out = append(out, w)
	}
	return out
}

// field makes the widget of a declared field. required is false inside
// an optional object, whose fields the form must not ask for when the
// object is left empty.
func (b *builder) field(f *load.Field, story, required bool) *field {
	w := &field{Name: f.Key, Label: f.Label.In(b.lang), Hint: f.Help.In(b.lang)}
	if w.Label == "" {
		w.Label = f.Key
	}
	req := f.Required && required
	if !req {
		w.Required = ptr(false)
	}
	if f.Pattern != "" {
		msg := b.say("Không đúng dạng", "Not in the expected form")
		if f.Example != "" {
			msg += b.say(", ví dụ: ", ", such as ") + f.Example
		}
		w.Pattern = []string{f.Pattern, msg}
	}
	switch f.Type {
	case load.TypeText, load.TypeMarkdown, load.TypePlace:
		if story {
			w.Widget = "string"
			break
		}
		w.Widget, w.Collapsed = "object", ptr(false)
		for i, l := range b.site.Languages {
			lw := &field{Name: l.Code, Label: l.Name, Widget: "string"}
			if f.Type == load.TypeMarkdown {
				// A box of text, kept as typed: Decap's Markdown editor
				// writes its rich-text mode's text anew (a "- " typed there
				// becomes "\\- "), and its Markdown mode adds invisible
				// characters to empty lines.
				lw.Widget = "text"
			}
			if i > 0 || !req {
				lw.Required = ptr(false)
			}
			w.Fields = append(w.Fields, lw)
		}
		if f.Type == load.TypeMarkdown {
			w.Hint += " " + markdownHint(b)
		}
		if f.Type == load.TypePlace {
			w.Hint += b.say(" Một tên cho mọi ngôn ngữ: chỉ điền ô đầu.", " One name for every language: fill in the first box only.")
		}
	case load.TypeString, load.TypePhone, load.TypeEmail, load.TypeURL:
		w.Widget = "string"
	case load.TypeDate:
		w.Widget, w.Format, w.DateFormat, w.TimeFormat, w.PickerUTC = "datetime", "YYYY-MM-DD", "DD/MM/YYYY", ptr(false), true
	case load.TypeInt:
		w.Widget, w.ValueType, w.Min = "number", "int", ptr(0)
	case load.TypeBool:
		w.Widget = "boolean"
	case load.TypeChoice:
		w.Widget = "select"
		for _, v := range f.Values {
			switch {
			case numeric(f.Values) && f.Key == "stars":
				n := 0
				fmt.Sscan(v, &n)
				w.Options = append(w.Options, option{Label: strings.Repeat("★", n) + " " + b.say(v+" sao", v+" stars"), Value: n})
			case f.Key == "kind":
				w.Options = append(w.Options, option{Label: labelOf(b.site.ProducerKinds, v), Value: v})
			default:
				w.Options = append(w.Options, option{Label: v, Value: v})
			}
		}
	case load.TypeRef:
		b.ref(w, f.Ref)
	case load.TypeList:
		item := f.Item
		switch item.Type {
		case load.TypeRef:
			b.ref(w, item.Ref)
			w.Multiple = true
		case load.TypeImage:
			w.Widget, w.LabelSingular, w.Summary = "list", b.say("ảnh", "photo"), "{{fields.file}}"
			w.Fields = b.imageFields(item, story)
		default:
			w.Widget = "list"
			w.Hint += b.say(" Cách nhau bằng dấu phẩy.", " Separated by commas.")
		}
	case load.TypeObject:
		w.Widget, w.Collapsed = "object", ptr(false)
		for _, sub := range f.Fields {
			w.Fields = append(w.Fields, b.field(sub, story, req))
		}
	case load.TypeImage:
		w.Widget, w.Collapsed = "object", ptr(false)
		w.Fields = b.imageFields(f, story)
	case load.TypeMap:
		// specs: a list of {key, value, text}; ocop-cms.js's format
		// turns the mapping into it and back.
		w.Widget, w.LabelSingular, w.Summary = "list", b.say("thông số", "specification"), "{{fields.key}}: {{fields.value}}"
		key := &field{Name: "key", Label: b.say("Thông số", "Specification"), Widget: "select"}
		for _, c := range b.site.Specs {
			key.Options = append(key.Options, option{Label: c.Label, Value: c.Value})
		}
		value := &field{Name: "value", Label: b.say("Giá trị (mọi ngôn ngữ)", "Value (every language)"), Widget: "string", Required: ptr(false),
			Hint: b.say("Như 100 g: giống nhau ở mọi ngôn ngữ.", "Such as 100 g: the same in every language.")}
		text := b.field(&load.Field{Key: "text", Type: load.TypeText,
			Label: load.Help{VI: "Hoặc theo từng ngôn ngữ", EN: "Or per language"},
			Help:  load.Help{VI: "Khi giá trị khác nhau theo ngôn ngữ (hộp giấy, paper box): để trống ô trên.", EN: "When the value differs by language: leave the box above empty."}},
			story, false)
		text.Collapsed = ptr(true)
		w.Fields = []*field{key, value, text}
	default:
		b.err = fmt.Errorf("admin: field %s: no widget for type %s", f.Key, f.Type)
	}
	return w
}

// imageFields are the fields of a picture: the file and its alt text.
func (b *builder) imageFields(f *load.Field, story bool) []*field {
	var out []*field
	for _, sub := range f.Fields {
		w := b.field(sub, story, true)
		if sub.Key == "file" {
			w.Widget, w.ChooseURL, w.Pattern = "image", ptr(false), nil
		}
		out = append(out, w)
	}
	return out
}

// ref makes w choose what a TypeRef field names.
func (b *builder) ref(w *field, ref string) {
	def := b.site.Languages[0].Code
	switch ref {
	case load.RefDistrict:
		w.Widget = "select"
		for _, c := range b.site.Districts {
			w.Options = append(w.Options, option{Label: c.Label, Value: c.Value})
		}
	case load.RefGroup:
		w.Widget = "select"
		for _, c := range b.site.Groups {
			w.Options = append(w.Options, option{Label: c.Label + " (" + c.Value + ")", Value: c.Value})
		}
	case load.RefProducer:
		w.Widget, w.Collection, w.ValueField = "relation", producersName, "{{slug}}"
		w.SearchFields, w.DisplayFields = []string{"name." + def}, []string{"name." + def}
	case load.RefProduct:
		w.Widget, w.Collection, w.ValueField = "relation", productsName, "{{filename}}"
		w.SearchFields, w.DisplayFields = []string{"name." + def}, []string{"name." + def}
	default:
		b.err = fmt.Errorf("admin: field %s: no widget for a reference to %s", w.Name, ref)
	}
}

func labelOf(cs []Choice, v string) string {
	for _, c := range cs {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// markdownHint says how to write Markdown, in a few words.
func markdownHint(b *builder) string {
	return b.say("Viết bằng Markdown: một dòng trống giữa hai đoạn, - ở đầu dòng cho danh sách, **chữ đậm**, ## cho đề mục.",
		"In Markdown: a blank line between paragraphs, - at the start of a line for a list, **bold**, ## for a heading.")
}
