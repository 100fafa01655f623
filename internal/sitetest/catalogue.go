package sitetest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Catalogue writes a synthetic catalogue of n products in three
// languages (with n/2 producers and n/20 stories) into dir: the shape of
// ../shared/bench/synth's output, generated here so the benchmark needs
// nothing outside the repository. Product i is
// content/products/<district i%11>/p-<i>.yaml; producer j is htx-<j>.
func Catalogue(t testing.TB, dir string, n int) {
	t.Helper()
	districts := []string{"thanh-pho-ha-giang", "bac-me", "bac-quang", "dong-van", "hoang-su-phi", "meo-vac", "quan-ba", "quang-binh", "vi-xuyen", "xin-man", "yen-minh"}
	groups := []string{"food/tea", "food/honey", "food/processed", "beverage/alcohol", "herbal", "handicraft"}
	var site strings.Builder
	site.WriteString("title: {vi: Sản phẩm OCOP, en: OCOP Products, zh: OCOP产品}\nbaseURL: https://example.org/\n")
	site.WriteString("languages: [{code: vi, name: Tiếng Việt}, {code: en, name: English}, {code: zh, name: 中文}]\ndistricts:\n")
	for _, d := range districts {
		fmt.Fprintf(&site, "  - {slug: %s, name: {vi: Huyện %s, en: %s district, zh: %s县}}\n", d, d, d, d)
	}
	site.WriteString("groups:\n")
	for _, g := range groups {
		fmt.Fprintf(&site, "  - {key: %s, name: {vi: Nhóm %s, en: Group %s, zh: 类别%s}}\n", g, g, g, g)
	}
	write := func(name, data string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", site.String())
	producers := max(n/2, 1)
	for i := range producers {
		write(fmt.Sprintf("content/producers/htx-%d.yaml", i), fmt.Sprintf(
			"name: {vi: Hợp tác xã số %d, en: Cooperative %d, zh: 合作社%d}\nkind: cooperative\naddress: Thôn %d, tỉnh Hà Giang\nphone: \"0219 3%03d %03d\"\n", i, i, i, i, i%1000, i%997))
	}
	para := func(lang string, i int) string {
		words := map[string]string{
			"vi": "Sản phẩm được làm từ nguyên liệu vùng cao theo phương pháp truyền thống của đồng bào dân tộc, giữ trọn hương vị tự nhiên.",
			"en": "The product is made from highland ingredients by the traditional methods of the ethnic communities, keeping its natural taste.",
			"zh": "本产品采用高原原料，按照少数民族传统方法制作，保留了天然风味。",
		}[lang]
		return fmt.Sprintf("    ## %d\n\n    %s %s %s\n\n    - **%s** %d\n    - %s\n\n    %s *%s*\n", i, words, words, words, lang, i, words, words, words)
	}
	for i := range n {
		var p strings.Builder
		fmt.Fprintf(&p, "name: {vi: Chè Shan tuyết số %d, en: Shan Tuyet tea %d, zh: 雪山茶%d}\n", i, i, i)
		fmt.Fprintf(&p, "stars: %d\ngroup: %s\nproducer: htx-%d\ncommune: Xã %d\n", 3+i%3, groups[i%len(groups)], i%producers, i%40)
		fmt.Fprintf(&p, "certificate: {number: %d/QĐ-UBND, issued: 2025-0%d-1%d, issuer: UBND tỉnh Hà Giang}\n", 100+i%3900, 1+i%9, i%10)
		p.WriteString("summary: {vi: Sản phẩm OCOP của Hà Giang., en: An OCOP product of Ha Giang., zh: 河江省OCOP产品。}\ndescription:\n")
		for _, l := range []string{"vi", "en", "zh"} {
			fmt.Fprintf(&p, "  %s: |\n%s", l, para(l, i))
		}
		p.WriteString("specs: {net_weight: 100 g, shelf_life: {vi: 24 tháng, en: 24 months, zh: 24个月}}\n")
		p.WriteString("price: {min: 120000, max: 150000, unit: {vi: gói, en: pack, zh: 包}}\ntags: [gift, organic]\n")
		write(fmt.Sprintf("content/products/%s/p-%d.yaml", districts[i%len(districts)], i), p.String())
	}
	for i := range max(n/20, 1) {
		for _, l := range []string{"vi", "en", "zh"} {
			write(fmt.Sprintf("content/stories/s-%d.%s.md", i, l), fmt.Sprintf(
				"---\ntitle: Story %d %s\ndate: 2025-01-%02d\nproducts: [p-%d, p-%d]\n---\n\n%s", i, l, 1+i%28, i%n, (i*7)%n, strings.ReplaceAll(para(l, i), "    ", "")))
		}
	}
}
