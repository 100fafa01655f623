package search

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

var smallDistricts = Facet{Name: "Huyện", Labels: []string{"Đồng Văn", "Mèo Vạc", "Hoàng Su Phì"}}
var smallGroups = Facet{Name: "Nhóm", Labels: []string{"Thực phẩm", "Mật ong", "Chè", "Đồ uống", "Thủ công"}}

func product(title string, district, stars int, groups []int, fields ...string) Doc {
	return Doc{
		Kind: "product", URL: "/p/" + title + "/", Title: title, Fields: fields,
		District: district, Stars: stars, Group: groups,
		Image: "/media/" + title + ".jpg", ImageW: 800, ImageH: 600,
		Subtitle: smallDistricts.Labels[district],
	}
}

// smallCatalogue is a few products and stories per language, with near
// misses for the ranking tests.
func smallCatalogue(lang string) []Doc {
	switch lang {
	case "en":
		return []Doc{
			product("Lung Cu Shan Tuyet Tea", 0, 5, []int{0, 2}, "Tea from ancient trees.", "Dong Van", "Tea"),
			product("Phin Ho Black Teas", 2, 4, []int{0, 2}, "Black teas of Phin Ho.", "Hoang Su Phi", "Tea"),
			product("Lung Cu Mint Honey", 0, 4, []int{0, 1}, "Honey of mint flowers.", "Dong Van", "Honey"),
			product("Wild Honeys", 1, 3, []int{0, 1}, "Honeys of the forest.", "Meo Vac", "Honey"),
			product("Pa Vi Corn Liquor", 1, 3, []int{3}, "Corn liquors, yeast of leaves.", "Meo Vac", "Beverages"),
			product("Blueberries Jam", 2, 3, []int{0}, "A berry jam.", "Hoang Su Phi", "Food"),
			{Kind: "story", URL: "/s/mint/", Title: "The mint honey season", Fields: []string{"Bees in the mint flowers."}, Subtitle: "2025-10-01"},
		}
	case "zh":
		return []Doc{
			product("龙鼓薄荷蜂蜜", 0, 4, []int{0, 1}, "薄荷花蜜。", "同文", "蜂蜜"),
			product("龙鼓雪山茶", 0, 5, []int{0, 2}, "古树茶。", "同文", "茶叶"),
			product("雪山红茶", 2, 4, []int{0, 2}, "芬湖红茶。", "黄树皮", "茶叶"),
			product("山茶花油", 1, 5, []int{0}, "山茶花榨油。", "苗旺", "食品"),
			product("荞麦饼", 0, 3, []int{0}, "配茶食用。", "同文", "食品"),
		}
	}
	return []Doc{
		product("Mặt ong hình lục giác", 1, 5, []int{4}, "Đồ trang trí bằng gỗ, mặt khắc hình tổ ong.", "Mèo Vạc", "Thủ công"),
		product("Mật ong bạc hà Lũng Cú", 0, 4, []int{0, 1}, "Mật ong hoa bạc hà.", "Hợp tác xã Lũng Cú", "Đồng Văn", "Xã Lũng Cú", "Mật ong"),
		product("Trà xanh Phìn Hồ", 2, 5, []int{0, 2}, "Làm từ lá chè Shan tuyết cổ thụ.", "Hoàng Su Phì", "Chè"),
		product("Chè Shan tuyết Phìn Hồ", 2, 5, []int{0, 2}, "Chè cổ thụ.", "Hoàng Su Phì", "Chè"),
		product("Rượu ngô Pả Vi", 1, 3, []int{3}, "Ủ men lá.", "Mèo Vạc", "Đồ uống"),
		product("Thịt bò khô", 0, 3, []int{0}, "Bò vàng vùng cao.", "Đồng Văn", "Thực phẩm"),
		product("Mát xa thảo dược", 1, 3, []int{4}, "Thư giãn.", "Mèo Vạc", "Thủ công"),
		{Kind: "story", URL: "/s/mua-mat/", Title: "Mùa mật ong trên cao nguyên đá", Fields: []string{"Ở Đồng Văn, ong hút mật hoa bạc hà."}, District: -1, Subtitle: "2025-10-01"},
	}
}

func openSmall(t *testing.T, lang string) *Index {
	t.Helper()
	files, err := Build(lang, smallCatalogue(lang), smallDistricts, smallGroups)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(files)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// titles returns the titles of a query's results.
func titles(t *testing.T, ix *Index, q string, f Filter) []string {
	t.Helper()
	res, err := ix.Search(q, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range res.Docs {
		c, err := ix.Card(d)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c.Title)
	}
	return out
}

func TestRanking(t *testing.T) {
	for _, c := range []struct {
		lang, q string
		first   string   // the expected first result ("" for none)
		has     []string // results that must be there
		before  [2]string
		not     []string
		none    bool
	}{
		{lang: "vi", q: "che shan tuyet", first: "Chè Shan tuyết Phìn Hồ", has: []string{"Trà xanh Phìn Hồ"}},
		{lang: "vi", q: "Chè Shan tuyết", first: "Chè Shan tuyết Phìn Hồ"},
		{lang: "vi", q: "tuyet shan che", first: "Chè Shan tuyết Phìn Hồ"},
		{lang: "vi", q: "dong van", has: []string{"Mật ong bạc hà Lũng Cú", "Thịt bò khô", "Mùa mật ong trên cao nguyên đá"}, not: []string{"Rượu ngô Pả Vi"}},
		{lang: "vi", q: "Đồng Văn", has: []string{"Mật ong bạc hà Lũng Cú", "Thịt bò khô"}},
		{lang: "vi", q: "mật ong", first: "Mật ong bạc hà Lũng Cú", before: [2]string{"Mật ong bạc hà Lũng Cú", "Mặt ong hình lục giác"}},
		{lang: "vi", q: nfdMatOng, first: "Mật ong bạc hà Lũng Cú"},
		{lang: "vi", q: "mặt ong", first: "Mặt ong hình lục giác"},
		{lang: "vi", q: "mat ong", has: []string{"Mật ong bạc hà Lũng Cú", "Mặt ong hình lục giác", "Mùa mật ong trên cao nguyên đá"}, not: []string{"Mát xa thảo dược"}},
		{lang: "vi", q: "mat o", has: []string{"Mật ong bạc hà Lũng Cú"}, not: []string{"Rượu ngô Pả Vi"}},
		{lang: "vi", q: "mật o", first: "Mật ong bạc hà Lũng Cú"},
		{lang: "vi", q: "ong mat", has: []string{"Mật ong bạc hà Lũng Cú"}},
		{lang: "vi", q: "mat", has: []string{"Mát xa thảo dược", "Mật ong bạc hà Lũng Cú"}},
		{lang: "vi", q: "mat ", not: []string{"Thịt bò khô"}},
		{lang: "vi", q: "m", has: []string{"Rượu ngô Pả Vi", "Mát xa thảo dược"}, not: []string{"Thịt bò khô"}},
		{lang: "vi", q: "ruou ngo pa vi", first: "Rượu ngô Pả Vi"},
		{lang: "vi", q: "khong co gi", none: true},
		{lang: "vi", q: "mat xyz", none: true},
		{lang: "zh", q: "茶", has: []string{"龙鼓雪山茶", "雪山红茶", "山茶花油", "荞麦饼"}},
		{lang: "zh", q: "雪山茶", first: "龙鼓雪山茶", has: []string{"雪山红茶"}, not: []string{"山茶花油"}},
		{lang: "zh", q: "蜂蜜", first: "龙鼓薄荷蜂蜜"},
		{lang: "zh", q: "红茶", first: "雪山红茶"},
		{lang: "en", q: "teas", has: []string{"Lung Cu Shan Tuyet Tea", "Phin Ho Black Teas"}},
		{lang: "en", q: "tea", has: []string{"Lung Cu Shan Tuyet Tea", "Phin Ho Black Teas"}},
		{lang: "en", q: "honeys", has: []string{"Lung Cu Mint Honey", "Wild Honeys", "The mint honey season"}},
		{lang: "en", q: "liquors", first: "Pa Vi Corn Liquor"},
		{lang: "en", q: "berry", first: "Blueberries Jam"},
		{lang: "en", q: "berries", first: "Blueberries Jam"},
		{lang: "en", q: "honey mint", first: "Lung Cu Mint Honey", has: []string{"The mint honey season"}},
		{lang: "en", q: "MINT HONEY", first: "Lung Cu Mint Honey"},
	} {
		got := titles(t, openSmall(t, c.lang), c.q, Filter{})
		if c.none && len(got) != 0 {
			t.Errorf("%s %q: %q, want nothing", c.lang, c.q, got)
		}
		if c.first != "" && (len(got) == 0 || got[0] != c.first) {
			t.Errorf("%s %q: %q, want %q first", c.lang, c.q, got, c.first)
		}
		for _, h := range c.has {
			if !slices.Contains(got, h) {
				t.Errorf("%s %q: %q, want %q among them", c.lang, c.q, got, h)
			}
		}
		for _, h := range c.not {
			if slices.Contains(got, h) {
				t.Errorf("%s %q: %q, want no %q", c.lang, c.q, got, h)
			}
		}
		if c.before[0] != "" {
			i, j := slices.Index(got, c.before[0]), slices.Index(got, c.before[1])
			if i < 0 || j < 0 || i > j {
				t.Errorf("%s %q: %q, want %q before %q", c.lang, c.q, got, c.before[0], c.before[1])
			}
		}
	}
}

func TestFilters(t *testing.T) {
	ix := openSmall(t, "vi")
	res, err := ix.Search("mat ong", Filter{District: []int{0}})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Counts
	// The district filter leaves Đồng Văn's honey; the district counts
	// still show Mèo Vạc's near miss, and the story is out.
	if len(res.Docs) != 1 || c.District[0] != 1 || c.District[1] != 1 || c.DistrictAll != 3 {
		t.Errorf("district filter: docs %v, counts %+v", res.Docs, c)
	}
	if c.Stars[4] != 1 || c.Stars[5] != 0 || c.StarsAll != 1 || c.Group[1] != 1 || c.Group[4] != 0 {
		t.Errorf("district filter: counts %+v", c)
	}
	got := titles(t, ix, "", Filter{Stars: []int{5}})
	want := []string{"Trà xanh Phìn Hồ", "Chè Shan tuyết Phìn Hồ", "Mặt ong hình lục giác"} // groups 0, 2 before 4
	if !slices.Equal(got, want) {
		t.Errorf("5 stars, no query: %q, want %q", got, want)
	}
	got = titles(t, ix, "", Filter{Group: []int{0}, District: []int{0, 2}})
	if len(got) != 4 {
		t.Errorf("food in Đồng Văn or Hoàng Su Phì: %q", got)
	}
	got = titles(t, ix, "", Filter{})
	if len(got) != 7 {
		t.Errorf("no query, no filter: %q, want every product", got)
	}
}

func TestCard(t *testing.T) {
	ix := openSmall(t, "vi")
	res, _ := ix.Search("mùa mật", Filter{})
	if len(res.Docs) != 1 {
		t.Fatalf("mùa mật: %v", res.Docs)
	}
	c, err := ix.Card(res.Docs[0])
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind != "story" || c.URL != "/s/mua-mat/" || c.Subtitle != "2025-10-01" || c.Image != "" || c.District != -1 {
		t.Errorf("story card %+v", c)
	}
	res, _ = ix.Search("bò khô", Filter{})
	c, _ = ix.Card(res.Docs[0])
	want := Card{Doc: c.Doc, Kind: "product", URL: "/p/Thịt bò khô/", Title: "Thịt bò khô", Subtitle: "Đồng Văn",
		Image: "/media/Thịt bò khô.jpg", ImageW: 800, ImageH: 600, Stars: 3, District: 0, Group: []int{0}}
	if c.URL != want.URL || c.Title != want.Title || c.Image != want.Image || c.ImageW != 800 || c.Stars != 3 || c.District != 0 || !slices.Equal(c.Group, want.Group) {
		t.Errorf("product card %+v, want %+v", c, want)
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := smallCatalogue("vi")
	a, err := Build("vi", docs, smallDistricts, smallGroups)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, _ := Build("vi", slices.Clone(docs), smallDistricts, smallGroups)
		if len(a) != len(b) {
			t.Fatalf("%d files, then %d", len(a), len(b))
		}
		for i := range a {
			if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Fatalf("file %s differs from one build to the next", a[i].Path)
			}
		}
	}
	for i, f := range a {
		if i > 0 && a[i-1].Path >= f.Path {
			t.Errorf("files not sorted: %s, %s", a[i-1].Path, f.Path)
		}
		if f.MediaType != "application/json" || !json.Valid(f.Data) {
			t.Errorf("%s: %s, valid JSON %v", f.Path, f.MediaType, json.Valid(f.Data))
		}
	}
}

func TestBuildErrors(t *testing.T) {
	for _, c := range []struct {
		doc  Doc
		want string
	}{
		{Doc{Kind: "shop"}, "kind"},
		{Doc{Kind: "product", District: 3, Stars: 3}, "district 3"},
		{Doc{Kind: "product", District: -2}, "district -2"},
		{Doc{Kind: "product", Stars: 6}, "stars 6"},
		{Doc{Kind: "product", Stars: 4, Group: []int{5}}, "group 5"},
	} {
		_, err := Build("vi", []Doc{c.doc}, smallDistricts, smallGroups)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Build(%+v) error %v, want one about %q", c.doc, err, c.want)
		}
	}
	if _, err := Build("", nil, smallDistricts, smallGroups); err == nil {
		t.Error("Build without a language: no error")
	}
}

func TestEmptyIndex(t *testing.T) {
	for _, docs := range [][]Doc{nil, {{Kind: "product", District: -1, Title: "!!!"}}} {
		files, err := Build("vi", docs, smallDistricts, smallGroups)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := Open(files)
		if err != nil {
			t.Fatal(err)
		}
		res, err := ix.Search("mat", Filter{})
		if err != nil || len(res.Docs) != 0 {
			t.Errorf("%d docs: search gives %v, %v", len(docs), res, err)
		}
	}
}

func TestKeyFile(t *testing.T) {
	for in, want := range map[string]string{"ma": "ma", "500": "500", "茶": "_8336_", "茶叶": "_8336__53f6_", "aß": "a_df_"} {
		if got := keyFile(in); got != want {
			t.Errorf("keyFile(%q) = %q, want %q", in, got, want)
		}
	}
}
