package load

import (
	"net/mail"
	"net/url"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	yaml "go.yaml.in/yaml/v4"
)

// Kinds are the declared kinds of record: products, producers, stories
// (their front matter) and site.yaml.
type Kinds struct {
	Product, Producer, Story, Site *Kind
}

// Declarations returns the declared kinds of record.
func Declarations() *Kinds {
	return &Kinds{Product: productKind(), Producer: producerKind(), Story: storyKind(), Site: siteKind()}
}

// ProducerKinds are the kinds of OCOP producer (chủ thể OCOP).
var ProducerKinds = []string{"enterprise", "cooperative", "cooperative-group", "household"}

func productKind() *Kind {
	type P = Product
	return (&Kind{
		Name: "product", Path: "content/products/<district>/<slug>.yaml",
		Help: Help{
			VI: "Một sản phẩm OCOP, trong thư mục của vùng (huyện cũ) ghi trên giấy chứng nhận.",
			EN: "An OCOP product, in the folder of the area (former district) its certificate names.",
		},
		Fields: []*Field{
			textField("name", Help{"Tên sản phẩm, như trên bao bì.", "The product's name, as on its packaging."},
				func(p *P) *Text { return &p.Name }).required(),
			textField("summary", Help{"Một câu giới thiệu ngắn.", "One sentence about it."},
				func(p *P) *Text { return &p.Summary }),
			markdownField("description", Help{"Mô tả (Markdown): hương vị, cách làm, cách dùng.", "A description (Markdown): taste, how it is made, how to use it."},
				func(p *P) *Text { return &p.Description }),
			starsField(),
			refField("group", RefGroup, Help{"Nhóm sản phẩm, một trong các nhóm của site.yaml.", "The product group, one of site.yaml's groups."},
				func(p *P) *Ref { return &p.Group }).required().example("food/tea"),
			refField("producer", RefProducer, Help{"Chủ thể: tên tệp trong content/producers/, không có .yaml.", "The producer: the name of its file in content/producers/, without .yaml."},
				func(p *P) *Ref { return &p.Producer }).required(),
			placeField("commune", Help{"Xã, phường như giấy chứng nhận ghi: xã mới với quyết định từ 1/7/2025, xã cũ với quyết định trước đó.",
				"The commune as the certificate names it: today's on a decision issued since 1 July 2025, the former one on an older one."},
				func(p *P) *Text { return &p.Commune }).example("Xã Thông Nguyên"),
			certificateField(),
			imagesField(),
			specsField(),
			priceField(),
			tagsField(),
		},
	}).labelled(map[string]Help{
		"name":                {"Tên sản phẩm", "Name"},
		"summary":             {"Giới thiệu ngắn", "Summary"},
		"description":         {"Mô tả", "Description"},
		"stars":               {"Hạng sao", "Stars"},
		"group":               {"Nhóm sản phẩm", "Product group"},
		"producer":            {"Chủ thể", "Producer"},
		"commune":             {"Xã, phường", "Commune"},
		"certificate":         {"Giấy chứng nhận", "Certificate"},
		"certificate.number":  {"Số quyết định", "Decision number"},
		"certificate.issued":  {"Ngày ký", "Date of the decision"},
		"certificate.issuer":  {"Cơ quan ban hành", "Issued by"},
		"certificate.expires": {"Hết hiệu lực ngày", "Valid until"},
		"images":              {"Ảnh", "Photos"},
		"images.file":         {"Tệp ảnh", "Picture file"},
		"images.alt":          {"Ảnh cho thấy gì", "What the picture shows"},
		"specs":               {"Thông số", "Specifications"},
		"price":               {"Giá", "Price"},
		"price.min":           {"Giá thấp nhất", "Lowest price"},
		"price.max":           {"Giá cao nhất", "Highest price"},
		"price.currency":      {"Tiền tệ", "Currency"},
		"price.unit":          {"Đơn vị bán", "Sold as"},
		"tags":                {"Nhãn", "Tags"},
	})
}

func starsField() *Field {
	f := decl("stars", TypeChoice, Help{"Số sao OCOP trên giấy chứng nhận: 3, 4 hoặc 5.", "The OCOP stars on the certificate: 3, 4 or 5."},
		func(d *decoder, v *yaml.Node, p *Product, f *Field) {
			n, ok := d.integer(v, "stars")
			if !ok {
				return
			}
			switch {
			case n < 3:
				d.errorf(v, "stars", "stars must be 3, 4 or 5, not %d (a product under 3 stars is not an OCOP product)", n)
				return
			case n > 5:
				d.errorf(v, "stars", "stars must be 3, 4 or 5, not %d (5 stars is the highest rating)", n)
				return
			}
			p.Stars = int(n)
		})
	f.Values = []string{"3", "4", "5"}
	return located(f, func(p *Product) *int { return &p.Stars }).required()
}

func certificateField() *Field {
	type C = Certificate
	f := decl("certificate", TypeObject, Help{"Giấy chứng nhận OCOP: số quyết định, ngày ký, cơ quan ban hành.", "The OCOP certificate: the decision's number, date and issuer."},
		func(d *decoder, v *yaml.Node, p *Product, f *Field) { p.Certificate = decodeCertificate(d, v, f) })
	located(f, func(p *Product) *Certificate { return &p.Certificate })
	f.Fields = []*Field{
		stringField("number", Help{"Số quyết định công nhận.", "The recognition decision's number."},
			func(c *C) *string { return &c.Number }).required().named(diag.M("certificate number")).example("2361/QĐ-BNNMT"),
		dateField("issued", Help{"Ngày ký quyết định (YYYY-MM-DD).", "The decision's date (YYYY-MM-DD)."},
			func(c *C) *time.Time { return &c.Issued }).required(),
		textField("issuer", Help{"Cơ quan ban hành, như UBND tỉnh Tuyên Quang (từ 1/7/2025).", "Who issued it, such as UBND tỉnh Tuyên Quang (since 1 July 2025)."},
			func(c *C) *Text { return &c.Issuer }).required(),
		dateField("expires", Help{"Hết hiệu lực ngày (nếu khác 36 tháng sau ngày ký).", "The last day of validity, when not 36 months after the date."},
			func(c *C) *time.Time { return &c.Expires }),
	}
	return f.required()
}

func decodeCertificate(d *decoder, n *yaml.Node, f *Field) Certificate {
	c := Certificate{Pos: d.pos(n)}
	var expires *yaml.Node
	fields := fieldsOf(d, f.Fields, &c)
	for i := range fields {
		if fields[i].name == "expires" {
			decode := fields[i].decode
			fields[i].decode = func(k, v *yaml.Node) { expires = v; decode(k, v) }
		}
	}
	d.mapping(n, "certificate", fields)
	switch {
	case c.Issued.IsZero():
	case expires == nil:
		c.Expires = c.Issued.AddDate(0, CertificateMonths, 0)
	case !c.Expires.IsZero() && !c.Expires.After(c.Issued):
		d.errorf(expires, "date", "expires (%s) must be after issued (%s)", c.Expires.Format("2006-01-02"), c.Issued.Format("2006-01-02"))
	}
	return c
}

func imagesField() *Field {
	f := decl("images", TypeList, Help{"Ảnh sản phẩm, để cạnh tệp này; ảnh đầu tiên là ảnh chính.", "Photos of the product, beside this file; the first is the main one."},
		func(d *decoder, v *yaml.Node, p *Product, f *Field) {
			d.list(v, "images", func(item *yaml.Node) {
				if r, ok := decodeImage(d, item); ok {
					p.refs = append(p.refs, r)
				}
			})
		})
	f.Item = imageItem()
	return located(f, func(p *Product) *[]*Image { return &p.Images })
}

// imageItem declares a picture: a file name, or the file and its alt text.
func imageItem() *Field {
	return &Field{Key: "image", Type: TypeImage, Help: Help{"Tệp ảnh (.jpg, .png, .webp, .gif, .svg), có thể kèm mô tả (alt).", "A picture file (.jpg, .png, .webp, .gif, .svg), with its description (alt) if wanted."},
		Fields: []*Field{
			located(&Field{Key: "file", Type: TypeString, Required: true, Help: Help{"Tên tệp ảnh.", "The picture's file name."}},
				func(i *Image) *string { return &i.Path }),
			located(&Field{Key: "alt", Type: TypeText, Help: Help{"Ảnh cho thấy gì, cho người không xem được ảnh.", "What the picture shows, for those who cannot see it."}},
				func(i *Image) *Text { return &i.Alt }),
		}}
}

func specsField() *Field {
	f := decl("specs", TypeMap, Help{"Thông số: khối lượng, hạn dùng, đóng gói… (net_weight: 100 g).", "Specifications: weight, shelf life, packaging… (net_weight: 100 g)."},
		func(d *decoder, v *yaml.Node, p *Product, f *Field) { p.Specs = decodeSpecs(d, v) })
	f.Item = &Field{Key: "value", Type: TypeText, Help: Help{"Giá trị; một chuỗi thường là như nhau ở mọi ngôn ngữ.", "The value; a plain one is the same in every language."}}
	return located(f, func(p *Product) *[]Spec { return &p.Specs })
}

func priceField() *Field {
	type Pr = Price
	f := decl("price", TypeObject, Help{"Giá bán lẻ tham khảo.", "The usual retail price."},
		func(d *decoder, v *yaml.Node, p *Product, f *Field) { p.Price = decodePrice(d, v, f) })
	located(f, func(p *Product) **Price { return &p.Price })
	intAt := func(key string, help Help, at func(*Pr) *int64) *Field {
		return located(decl(key, TypeInt, help, func(d *decoder, n *yaml.Node, r *Pr, f *Field) { *at(r), _ = d.integer(n, f.Name()) }), at)
	}
	f.Fields = []*Field{
		intAt("min", Help{"Giá thấp nhất.", "The lowest price."}, func(p *Pr) *int64 { return &p.Min }).required().named(diag.M("price min")),
		intAt("max", Help{"Giá cao nhất, nếu có.", "The highest price, if any."}, func(p *Pr) *int64 { return &p.Max }).named(diag.M("price max")),
		located(decl("currency", TypeString, Help{"Mã tiền tệ ba chữ, mặc định VND.", "A three-letter currency code; VND by default."}, func(d *decoder, v *yaml.Node, p *Pr, f *Field) {
			s, _ := d.str(v, "currency")
			if len(s) != 3 || strings.ToUpper(s) != s || !isLetters(s) {
				d.errorf(v, "currency", "currency %q must be a three-letter code such as VND", s)
				return
			}
			p.Currency = s
		}), func(p *Pr) *string { return &p.Currency }).example("VND").pattern("^[A-Z]{3}$"),
		textField("unit", Help{"Đơn vị bán: hộp 100 g, chai 500 ml.", "What the price is for: a 100 g box, a 500 ml bottle."},
			func(p *Pr) *Text { return &p.Unit }).named(diag.M("price unit")),
	}
	return f
}

func decodePrice(d *decoder, n *yaml.Node, f *Field) *Price {
	p := &Price{Currency: "VND"}
	var minNode, maxNode *yaml.Node
	fields := fieldsOf(d, f.Fields, p)
	for i := range fields {
		decode := fields[i].decode
		switch fields[i].name {
		case "min":
			fields[i].decode = func(k, v *yaml.Node) { minNode = v; decode(k, v) }
		case "max":
			fields[i].decode = func(k, v *yaml.Node) { maxNode = v; decode(k, v) }
		}
	}
	d.mapping(n, "price", fields)
	if minNode != nil && p.Min < 0 {
		d.errorf(minNode, "price", "price min must not be negative")
	}
	if maxNode != nil {
		if p.Max < 0 {
			d.errorf(maxNode, "price", "price max must not be negative")
		} else if p.Max < p.Min {
			d.errorf(maxNode, "price", "price max (%d) is less than min (%d)", p.Max, p.Min)
		}
	}
	return p
}

func tagsField() *Field {
	f := decl("tags", TypeList, Help{"Nhãn: gift, organic, highland…", "Tags: gift, organic, highland…"},
		func(d *decoder, v *yaml.Node, p *Product, f *Field) {
			d.list(v, "tags", func(item *yaml.Node) {
				if s, ok := d.str(item, diag.M("a tag")); ok {
					p.Tags = append(p.Tags, s)
				}
			})
		})
	f.Item = &Field{Key: "tag", Type: TypeString}
	return located(f, func(p *Product) *[]string { return &p.Tags })
}

func producerKind() *Kind {
	type P = Producer
	kind := decl("kind", TypeChoice, Help{"Loại chủ thể.", "What kind of producer."}, func(d *decoder, v *yaml.Node, p *P, f *Field) {
		p.Kind = d.requiredStr(v, "kind")
		if p.Kind != "" && indexOf(ProducerKinds, p.Kind) < 0 {
			d.errorf(v, "unknown-kind", "unknown producer kind %q%s; kinds are %s",
				p.Kind, diag.DidYouMean(p.Kind, ProducerKinds), strings.Join(ProducerKinds, ", "))
		}
	}).required()
	located(kind, func(p *P) *string { return &p.Kind })
	kind.Values = ProducerKinds
	return (&Kind{
		Name: "producer", Path: "content/producers/<slug>.yaml",
		Help: Help{"Một chủ thể OCOP: doanh nghiệp, hợp tác xã, tổ hợp tác hoặc hộ kinh doanh.", "An OCOP producer: an enterprise, a cooperative, a cooperative group or a household business."},
		Fields: []*Field{
			textField("name", Help{"Tên chủ thể.", "The producer's name."}, func(p *P) *Text { return &p.Name }).required(),
			kind,
			stringField("representative", Help{"Người đại diện.", "Who represents it."}, func(p *P) *string { return &p.Representative }),
			textField("address", Help{"Địa chỉ: thôn, bản, số nhà, đường.", "Its address: the village or street."}, func(p *P) *Text { return &p.Address }).required(),
			placeField("commune", Help{"Xã, phường hiện nay.", "Its commune today."}, func(p *P) *Text { return &p.Commune }).example("Xã Thông Nguyên"),
			refField("area", RefDistrict, Help{"Vùng (huyện cũ) của địa chỉ: một trong các vùng của site.yaml.", "The area (former district) it was in: one of site.yaml's districts."},
				func(p *P) *Ref { return &p.Area }),
			phoneField("phone", Help{"Số điện thoại, trong dấu ngoặc kép: \"0912 345 678\".", "A phone number, in quotes: \"0912 345 678\"."}, func(p *P) *string { return &p.Phone }),
			located(decl("email", TypeEmail, Help{"Địa chỉ thư điện tử.", "An e-mail address."}, func(d *decoder, v *yaml.Node, p *P, f *Field) {
				if s, ok := d.str(v, "email"); ok {
					if a, err := mail.ParseAddress(s); err != nil || a.Address != s || a.Name != "" {
						d.errorf(v, "email", "email %q is not an address such as lienhe@example.vn", s)
					} else {
						p.Email = s
					}
				}
			}), func(p *P) *string { return &p.Email }),
			located(decl("website", TypeURL, Help{"Trang web, bắt đầu bằng https://.", "A website, starting with https://."}, func(d *decoder, v *yaml.Node, p *P, f *Field) {
				if s, ok := d.str(v, "website"); ok {
					if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
						d.errorf(v, "url", "website %q must be a full address starting with https:// or http://", s)
					} else {
						p.Website = s
					}
				}
			}), func(p *P) *string { return &p.Website }),
			phoneField("zalo", Help{"Số Zalo, trong dấu ngoặc kép.", "A Zalo number, in quotes."}, func(p *P) *string { return &p.Zalo }),
			markdownField("description", Help{"Giới thiệu chủ thể (Markdown).", "About the producer (Markdown)."}, func(p *P) *Text { return &p.Description }),
		},
	}).labelled(map[string]Help{
		"name":           {"Tên chủ thể", "Name"},
		"kind":           {"Loại chủ thể", "Kind"},
		"representative": {"Người đại diện", "Representative"},
		"address":        {"Địa chỉ", "Address"},
		"commune":        {"Xã, phường", "Commune"},
		"area":           {"Vùng (huyện cũ)", "Area (former district)"},
		"phone":          {"Điện thoại", "Phone"},
		"email":          {"Thư điện tử", "E-mail"},
		"website":        {"Trang web", "Website"},
		"zalo":           {"Zalo", "Zalo"},
		"description":    {"Giới thiệu", "About"},
	})
}

func storyKind() *Kind {
	type S = Story
	products := decl("products", TypeList, Help{"Các sản phẩm câu chuyện nói đến: tên tệp, không có .yaml.", "The products the story is about: their file names, without .yaml."},
		func(d *decoder, v *yaml.Node, s *S, f *Field) {
			d.list(v, "products", func(item *yaml.Node) {
				if p, ok := d.str(item, diag.M("a product")); ok {
					s.Products = append(s.Products, Ref{p, d.pos(item)})
				}
			})
		})
	products.Item = &Field{Key: "product", Type: TypeRef, Ref: RefProduct}
	located(products, func(s *S) *[]Ref { return &s.Products })
	image := decl("image", TypeImage, Help{"Ảnh của câu chuyện, trong content/stories/.", "The story's picture, in content/stories/."},
		func(d *decoder, v *yaml.Node, s *S, f *Field) {
			if r, ok := decodeImage(d, v); ok {
				s.ref = &r
			}
		})
	image.Fields = imageItem().Fields
	located(image, func(s *S) **Image { return &s.Image })
	return (&Kind{
		Name: "story", Path: "content/stories/<slug>.<language>.md",
		Help: Help{"Một câu chuyện, mỗi ngôn ngữ một tệp: phần đầu giữa hai dòng ---, rồi nội dung Markdown.",
			"A story, one file per language: front matter between --- lines, then the text in Markdown."},
		Fields: []*Field{
			stringField("title", Help{"Tiêu đề.", "The title."}, func(s *S) *string { return &s.Title }).required(),
			dateField("date", Help{"Ngày đăng (YYYY-MM-DD).", "The date (YYYY-MM-DD)."}, func(s *S) *time.Time { return &s.Date }).required(),
			stringField("summary", Help{"Một câu tóm tắt.", "One sentence about it."}, func(s *S) *string { return &s.Summary }),
			products,
			image,
			boolField("draft", Help{"true: bản nháp, chưa đăng.", "true: a draft, not published."}, func(s *S) *bool { return &s.Draft }),
		},
	}).labelled(map[string]Help{
		"title":      {"Tiêu đề", "Title"},
		"date":       {"Ngày đăng", "Date"},
		"summary":    {"Tóm tắt", "Summary"},
		"products":   {"Sản phẩm nói đến", "Products"},
		"image":      {"Ảnh", "Picture"},
		"image.file": {"Tệp ảnh", "Picture file"},
		"image.alt":  {"Ảnh cho thấy gì", "What the picture shows"},
		"draft":      {"Bản nháp", "Draft"},
	})
}

func siteKind() *Kind {
	type C = Config
	// languages are read first (every text depends on them), markdown
	// with them: see decodeConfig.
	languages := &Field{Key: "languages", Type: TypeList, Required: true,
		Help: Help{"Các ngôn ngữ của trang, ngôn ngữ mặc định trước: {code: vi, name: Tiếng Việt}.", "The site's languages, the default first: {code: vi, name: Tiếng Việt}."}}
	markdown := &Field{Key: "markdown", Type: TypeObject,
		Help:   Help{"Cách đọc Markdown: html: true cho phép HTML đơn giản.", "How Markdown is read: html: true lets simple HTML through."},
		Fields: []*Field{{Key: "html", Type: TypeBool}}}
	named := func(key, what string, help Help, at func(*C) any) *Field {
		f := decl(key, TypeList, help, func(d *decoder, v *yaml.Node, c *C, f *Field) {
			switch x := at(c).(type) {
			case *[]District:
				*x = decodeDistricts(d, v)
			case *[]Group:
				*x = decodeGroups(d, v)
			}
		}).required()
		f.Item = &Field{Key: what, Type: TypeObject, Fields: []*Field{
			{Key: map[string]string{"district": "slug", "group": "key"}[what], Type: TypeString, Required: true},
			{Key: "name", Type: TypeText, Required: true},
			{Key: "description", Type: TypeMarkdown},
		}}
		return f
	}
	return &Kind{
		Name: "site", Path: ConfigFile,
		Help: Help{"Thiết lập của trang.", "The site's settings."},
		Fields: []*Field{
			textField("title", Help{"Tên trang.", "The site's title."}, func(c *C) *Text { return &c.Title }).required(),
			textField("description", Help{"Mô tả trang, cho máy tìm kiếm.", "The site's description, for search engines."}, func(c *C) *Text { return &c.Description }),
			markdownField("intro", Help{"Lời giới thiệu ở trang chủ (Markdown).", "The home page's introduction (Markdown)."}, func(c *C) *Text { return &c.Intro }),
			decl("baseURL", TypeURL, Help{"Địa chỉ trang khi đăng: https://…/", "The site's address when published: https://…/"}, func(d *decoder, v *yaml.Node, c *C, f *Field) {
				c.BaseURLPos = d.pos(v)
				c.BaseURL = d.requiredStr(v, "baseURL")
				if c.BaseURL != "" {
					if err := CheckBaseURL(c.BaseURL); err != nil {
						d.errorf(v, "url", "baseURL: %v", err)
					}
				}
			}).required(),
			languages,
			named("districts", "district", Help{"Các vùng (huyện, thành phố cũ): slug, tên, mô tả.", "The areas (former districts): slug, name, description."}, func(c *C) any { return &c.Districts }),
			named("groups", "group", Help{"Các nhóm sản phẩm: key (food/tea), tên, mô tả.", "The product groups: key (food/tea), name, description."}, func(c *C) any { return &c.Groups }),
			decl("strings", TypeMap, Help{"Thay các câu chữ của giao diện, theo ngôn ngữ.", "Replaces interface strings, by language."}, func(d *decoder, v *yaml.Node, c *C, f *Field) {
				decodeStringOverrides(d, v, c.Strings)
			}),
			markdown,
			cmsField(),
		},
	}
}

// cmsField declares site.yaml's cms: where the published site's /admin/
// saves.
func cmsField() *Field {
	type M = CMS
	f := decl("cms", TypeObject, Help{"Nơi trang quản trị /admin/ của trang đã đăng lưu bài: kho GitHub và dịch vụ đăng nhập (docs/cms.md).",
		"Where the published site's /admin/ saves: the GitHub repository and the sign-in service (docs/cms.md)."},
		func(d *decoder, v *yaml.Node, c *Config, f *Field) {
			c.CMS = CMS{Pos: d.pos(v)}
			d.mapping(v, "cms", fieldsOf(d, f.Fields, &c.CMS))
		})
	located(f, func(c *Config) *CMS { return &c.CMS })
	f.Fields = []*Field{
		located(decl("repo", TypeString, Help{"Kho GitHub: chủ/tên.", "The GitHub repository: owner/name."}, func(d *decoder, v *yaml.Node, m *M, f *Field) {
			if s, ok := d.str(v, "cms.repo"); ok {
				if !isRepo(s) {
					d.errorf(v, "cms", "cms.repo %q must be a GitHub repository written owner/name", s)
					return
				}
				m.Repo = s
			}
		}), func(m *M) *string { return &m.Repo }).required().pattern(`^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$`).example("hagiang-ocop/ocop"),
		stringField("branch", Help{"Nhánh nhận các thay đổi; mặc định main.", "The branch it commits to; main by default."},
			func(m *M) *string { return &m.Branch }).example("main"),
		located(decl("auth_url", TypeURL, Help{"Địa chỉ dịch vụ đăng nhập GitHub (OAuth) của trang.", "The address of the site's GitHub sign-in (OAuth) service."}, func(d *decoder, v *yaml.Node, m *M, f *Field) {
			if s, ok := d.str(v, "cms.auth_url"); ok {
				if u, err := url.Parse(s); err != nil || u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
					d.errorf(v, "url", "cms.auth_url %q must be an https:// address with no query, such as https://auth.example.vn", s)
					return
				}
				m.AuthURL = strings.TrimSuffix(s, "/")
			}
		}), func(m *M) *string { return &m.AuthURL }),
	}
	return f
}

// isRepo reports whether s is owner/name, as GitHub names repositories.
func isRepo(s string) bool {
	owner, name, ok := strings.Cut(s, "/")
	valid := func(p string) bool {
		return p != "" && p != "." && p != ".." && !strings.ContainsFunc(p, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.')
		})
	}
	return ok && valid(owner) && valid(name)
}
