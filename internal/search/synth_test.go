package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// A synthetic catalogue for the size and speed tests: products whose
// names, summaries and ~150-word descriptions are drawn, with a fixed
// seed, from real Vietnamese, English and Chinese words (most frequent
// first) and, in Vietnamese, from made-up syllables with tones, word
// frequencies following Zipf's law as in real text.

type kindOf struct {
	vi, en, zh string
	group      int
}

var synthKinds = []kindOf{
	{"Mật ong bạc hà", "Mint honey", "薄荷蜂蜜", 3},
	{"Mật ong hoa rừng", "Wild flower honey", "野花蜂蜜", 3},
	{"Chè Shan tuyết", "Shan Tuyet tea", "雪山茶", 6},
	{"Hồng trà Shan tuyết", "Shan Tuyet black tea", "雪山红茶", 6},
	{"Trà xanh", "Green tea", "绿茶", 6},
	{"Trà hoa vàng", "Golden camellia tea", "金花茶", 6},
	{"Rượu ngô", "Corn liquor", "玉米酒", 8},
	{"Rượu táo mèo", "Wild apple wine", "山楂酒", 8},
	{"Thịt bò khô", "Dried beef", "牛肉干", 4},
	{"Thịt lợn gác bếp", "Smoked pork", "烟熏猪肉", 4},
	{"Lạp xưởng", "Sausages", "腊肠", 4},
	{"Bánh tam giác mạch", "Buckwheat cake", "荞麦饼", 4},
	{"Cam sành", "King oranges", "橙子", 1},
	{"Hạt dẻ", "Chestnuts", "板栗", 1},
	{"Gạo nếp", "Sticky rice", "糯米", 2},
	{"Miến dong", "Arrowroot noodles", "粉丝", 2},
	{"Măng khô", "Dried bamboo shoots", "笋干", 4},
	{"Tương ớt", "Chilli sauce", "辣椒酱", 5},
	{"Cao đương quy", "Angelica extract", "当归膏", 10},
	{"Tinh dầu", "Essential oil", "精油", 10},
	{"Khăn thổ cẩm", "Brocade scarves", "织锦围巾", 12},
	{"Túi thổ cẩm", "Brocade bags", "织锦包", 12},
	{"Vải lanh", "Linen cloth", "亚麻布", 12},
	{"Homestay", "Homestay", "民宿", 14},
}

var synthGroups = Facet{Name: "Nhóm", Labels: []string{
	"Thực phẩm", "Nông sản tươi", "Gạo và ngũ cốc", "Mật ong", "Thực phẩm chế biến", "Gia vị",
	"Chè và trà thảo mộc", "Đồ uống", "Đồ uống có cồn", "Đồ uống không cồn",
	"Dược liệu", "Thủ công mỹ nghệ", "Dệt may, thổ cẩm", "Đồ gia dụng", "Du lịch cộng đồng",
}}

// parents of each group, as site.yaml's keys make them.
var synthParents = map[int][]int{1: {0}, 2: {0}, 3: {0}, 4: {0}, 5: {0}, 6: {0}, 8: {7}, 9: {7}, 12: {11}, 13: {11}}

var synthDistricts = Facet{Name: "Huyện", Labels: []string{
	"Thành phố Hà Giang", "Bắc Mê", "Bắc Quang", "Đồng Văn", "Hoàng Su Phì", "Mèo Vạc",
	"Quản Bạ", "Quang Bình", "Vị Xuyên", "Xín Mần", "Yên Minh",
}}

var synthPlaces = []struct{ vi, en, zh string }{
	{"Lũng Cú", "Lung Cu", "龙鼓"}, {"Phìn Hồ", "Phin Ho", "芬湖"}, {"Thông Nguyên", "Thong Nguyen", "通原"},
	{"Sủng Là", "Sung La", "松拉"}, {"Pả Vi", "Pa Vi", "巴威"}, {"Lũng Tám", "Lung Tam", "龙三"},
	{"Nậm Đăm", "Nam Dam", "南丹"}, {"Cao Bồ", "Cao Bo", "高菩"}, {"Tả Sử Choóng", "Ta Su Choong", "左史冲"},
	{"Bản Luốc", "Ban Luoc", "板洛"}, {"Lũng Phìn", "Lung Phin", "龙芬"}, {"Sà Phìn", "Sa Phin", "沙芬"},
	{"Phố Cáo", "Pho Cao", "铺高"}, {"Tùng Vài", "Tung Vai", "松外"}, {"Quyết Tiến", "Quyet Tien", "决进"},
	{"Tiên Nguyên", "Tien Nguyen", "仙原"}, {"Nấm Dẩn", "Nam Dan", "南丹"}, {"Bản Máy", "Ban May", "板美"},
	{"Du Già", "Du Gia", "杜家"}, {"Minh Ngọc", "Minh Ngoc", "明玉"}, {"Hồ Thầu", "Ho Thau", "湖投"},
	{"Thượng Sơn", "Thuong Son", "上山"}, {"Yên Cường", "Yen Cuong", "安强"}, {"Khâu Vai", "Khau Vai", "丘外"},
}

const synthVi = `và của các được trong có là cho với những một này từ người sản phẩm không đến
hương vị ngon thơm tự nhiên truyền thống đồng bào dân tộc vùng cao núi đá Hà Giang chè mật ong rượu
ngô cây lá hoa quả hạt gạo nếp thịt bò lợn khô gác bếp bánh tam giác mạch cam sành thổ cẩm lanh dệt
may túi khăn bạc hà rừng nguyên liệu chế biến sạch an toàn chất lượng tiêu chuẩn OCOP sao tỉnh huyện
xã thôn bản hợp tác hộ kinh doanh công ty làm theo phương pháp thủ công giữ trọn màu sắc đậm đà
ngọt mát thanh dịu nhẹ đặc sản quà tặng du lịch khách mùa xuân hạ thu đông nắng mưa sương mây gió
đất trồng chăm sóc thu hoạch sấy phơi ủ lên men đóng gói chai hộp gói túi bảo quản nơi khô ráo
thoáng mát tránh ánh sáng trực tiếp sử dụng pha nước sôi uống ăn kèm nấu món tốt sức khỏe giúp
tiêu hóa ngủ ngon giảm mệt mỏi bồi bổ cơ thể người già trẻ em phụ nữ dùng hằng ngày hoặc làm quà
Mông Dao Tày Nùng Lô Lô Pà Thẻn Giáy Hoa Bố Y Cờ Lao Pu Péo lâu đời cổ thụ hàng trăm năm tuổi độ
cao mét so với mặt biển khí hậu lạnh quanh năm nhiều tháng mười một hai ba tư năm sáu bảy tám chín
mười đầu tiên cuối cùng mới cũ lớn nhỏ xanh đỏ vàng trắng đen tím nâu hồng sợi vải áo váy thêu sáp
ong chàm nhuộm tay nghề nghệ nhân gia đình thế hệ tiếp nối phát triển nâng cao thu nhập việc làm
lao động địa phương thị trường tiêu thụ trong nước ngoài xuất khẩu hội chợ triển lãm giải thưởng
chứng nhận năm nay sau khi trước đây hiện nay đang đã sẽ rất khá hơn nhất cũng vẫn còn chỉ mỗi
mọi toàn bộ phần lớn đa số ít nhiều hơn nữa vì nên nhưng tuy nhiên ngoài ra đồng thời bên cạnh
men lá rượu men ngô hạt gạo xay bột nước suối mạch nguồn trong vắt thơm lừng béo ngậy giòn dai mềm`

const synthEn = `the and of a to in is for with from by its on as are this that it made product
products taste natural traditional ethnic communities highland ingredients flavour honey tea liquor
corn leaves flowers fruit seeds rice sticky beef pork dried smoked buckwheat cake orange brocade linen
woven bags scarves mint forest raw processing clean safe quality standard ocop stars province district
commune village cooperative household company handmade method keeps colour rich sweet fresh gentle
light speciality gift tourism visitors spring summer autumn winter sun rain mist clouds wind soil
grown cared harvested sun-dried fermented packed bottles boxes packs stored dry cool place away
direct light use brew boiling water drink eat serve cook dishes good health helps digestion sleep
tiredness strengthens body elderly children women daily or as gifts Hmong Dao Tay Nung Lolo Giay
long ancient trees hundreds years old altitude metres above sea level climate cold year round many
months first last new old big small green red yellow white black purple brown pink threads cloth
dresses embroidered beeswax indigo dyed craft artisans families generations continue develop raise
income jobs labour local market sold domestic abroad exported fairs exhibitions awards certified
this year after before now being has will very quite more most also still only each every whole
part majority few plus because so but however besides meanwhile alongside yeast ground flour spring
streams clear fragrant creamy crispy chewy soft berries cherries teas honeys liquors`

const synthZh = `的是在和了有产品本采用高原原料按照少数民族传统方法制作保留天然风味蜂蜜茶酒玉米叶花果实种子大米糯米
牛肉猪肉干烟熏荞麦饼橙子织锦亚麻布包围巾薄荷森林加工清洁安全质量标准星级省县乡村合作社家庭公司
手工工艺颜色浓郁甜美清新柔和特产礼品旅游游客春夏秋冬阳光雨雾云风土壤种植照料收获晒干发酵包装瓶盒
存放干燥阴凉处避免直射使用冲泡开水饮用食用搭配烹饪菜肴健康帮助消化睡眠疲劳滋补身体老人儿童妇女
日常或作为苗族瑶族岱依族侬族倮倮族热依族古老古树百年海拔米以上气候寒冷全年多个月第一最后新旧大小
绿红黄白黑紫棕粉线布衣裙刺绣蜡染靛蓝工匠家族世代传承发展提高收入就业劳动当地市场销售国内外出口
展会展览奖项认证今年之后以前现在正在已经将会非常比较更最也仍只每全部大部分少许因为所以但是然而此外
同时酵母磨粉泉水清澈芳香浓香酥脆柔软雪山绿红金花当归精油腊肠笋辣椒酱粉丝板栗山楂民宿`

type synthLang struct {
	words []string
	cum   []float64 // Zipf cumulative weights
}

func newSynthLang(words []string) *synthLang {
	l := &synthLang{words: words}
	total := 0.0
	for i := range words {
		total += 1 / math.Pow(float64(i+1), 1.05)
		l.cum = append(l.cum, total)
	}
	for i := range l.cum {
		l.cum[i] /= total
	}
	return l
}

func (l *synthLang) word(r *rand.Rand) string {
	x := r.Float64()
	lo, hi := 0, len(l.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if l.cum[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return l.words[lo]
}

// madeUpSyllables returns n Vietnamese-looking syllables with tones.
func madeUpSyllables(r *rand.Rand, n int) []string {
	onsets := strings.Fields("b c ch d đ g gh gi h k kh l m n ng nh p ph qu r s t th tr v x")
	nuclei := strings.Fields("a ă â e ê i o ô ơ u ư y ia ua ươ uô iê oa")
	codas := []string{"", "", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"}
	tones := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		nu := []rune(nuclei[r.IntN(len(nuclei))])
		s := onsets[r.IntN(len(onsets))] + string(nu[0]) + tones[r.IntN(len(tones))] + string(nu[1:]) + codas[r.IntN(len(codas))]
		s = norm.NFC.String(s)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

var zhPunct = []string{"，", "。", "、", "；"}

// synthCatalogue returns n products (and n/20 stories) in lang.
func synthCatalogue(lang string, n int) (docs []Doc, districts, groups Facet) {
	r := rand.New(rand.NewPCG(2025, 16000))
	var words []string
	switch lang {
	case "vi":
		words = append(strings.Fields(synthVi), madeUpSyllables(r, 2500)...)
	case "en":
		words = strings.Fields(synthEn)
	case "zh":
		for _, c := range strings.Join(strings.Fields(synthZh), "") {
			words = append(words, string(c))
		}
	}
	text := newSynthLang(words)
	sentence := func(nw int) string {
		var b strings.Builder
		for i := range nw {
			w := text.word(r)
			switch {
			case lang == "zh":
				if i > 0 && r.IntN(9) == 0 {
					b.WriteString(zhPunct[r.IntN(len(zhPunct))])
				}
			case i > 0:
				if r.IntN(12) == 0 {
					b.WriteString(",")
				}
				b.WriteByte(' ')
			}
			if i == 0 && lang != "zh" {
				rs := []rune(w)
				w = strings.ToUpper(string(rs[0])) + string(rs[1:])
			}
			b.WriteString(w)
		}
		if lang == "zh" {
			b.WriteString("。")
		} else {
			b.WriteString(".")
		}
		return b.String()
	}
	sep := " "
	if lang == "zh" {
		sep = ""
	}
	pick := func(v struct{ vi, en, zh string }) string {
		return map[string]string{"vi": v.vi, "en": v.en, "zh": v.zh}[lang]
	}
	for i := range n {
		k := synthKinds[r.IntN(len(synthKinds))]
		place := synthPlaces[r.IntN(len(synthPlaces))]
		district := r.IntN(len(synthDistricts.Labels))
		name := pick(struct{ vi, en, zh string }{k.vi, k.en, k.zh}) + " " + pick(place)
		if r.IntN(3) == 0 {
			name += fmt.Sprintf(" %d", 100+r.IntN(900))
		}
		var desc []string
		for words := 0; words < 150; {
			nw := 8 + r.IntN(14)
			desc = append(desc, sentence(nw))
			words += nw
		}
		producer := map[string]string{"vi": "Hợp tác xã " + place.vi, "en": place.en + " Cooperative", "zh": place.zh + "合作社"}[lang]
		g := append([]int{k.group}, synthParents[k.group]...)
		docs = append(docs, Doc{
			Kind:  "product",
			URL:   fmt.Sprintf("/%s/products/p-%d/", lang, i),
			Title: name,
			Fields: []string{
				sentence(12), strings.Join(desc, sep), producer, synthDistricts.Labels[district],
				"Xã " + place.vi, synthGroups.Labels[k.group], "quà tặng",
			},
			District: district,
			Stars:    3 + r.IntN(3),
			Group:    g,
			Image:    fmt.Sprintf("/media/%08x/p-%d.jpg", r.Uint32(), i),
			ImageW:   800,
			ImageH:   600,
			Subtitle: synthDistricts.Labels[district] + " · " + synthGroups.Labels[k.group],
		})
	}
	for i := range n / 20 {
		docs = append(docs, Doc{
			Kind:     "story",
			URL:      fmt.Sprintf("/%s/stories/s-%d/", lang, i),
			Title:    sentence(8),
			Fields:   []string{sentence(20), sentence(60) + sep + sentence(60)},
			District: -1,
			Subtitle: fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28),
		})
	}
	return docs, synthDistricts, synthGroups
}
