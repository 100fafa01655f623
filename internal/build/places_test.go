package build_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/sitetest"
)

// placesTable is a places table for sitetest.Base's districts: today's
// Tuyên Quang, with a commune made of communes of both districts.
const placesTable = `
-- content/places.yaml --
province:
  name: {vi: Tuyên Quang, en: Tuyen Quang, zh: 宣光}
  since: 2025-07-01
  formerly: [Hà Giang, Tuyên Quang]
  source: Nghị quyết 202/2025/QH15
region: {vi: Hà Giang, en: Ha Giang, zh: 河江}
communes:
  - name: Lũng Cú
    kind: xã
    formerly:
      - {name: Lũng Cú, kind: xã, district: dong-van}
      - {name: Má Lé, kind: xã, district: dong-van}
    source: Nghị quyết 1684/NQ-UBTVQH15, khoản 44
  - name: Đồng Văn
    kind: xã
    formerly:
      - {name: Đồng Văn, kind: thị trấn, district: dong-van}
      - {name: Tả Lủng, kind: xã, district: dong-van}
      - {name: Pải Lủng, kind: xã, district: meo-vac}
    source: Nghị quyết 1684/NQ-UBTVQH15, khoản 45
  - name: Mèo Vạc
    kind: xã
    formerly:
      - {name: Mèo Vạc, kind: thị trấn, district: meo-vac}
      - {name: Pả Vi, kind: xã, district: meo-vac}
      - {name: Tả Lủng, kind: xã, district: meo-vac}
    source: Nghị quyết 1684/NQ-UBTVQH15, khoản 51
`

// withRecord replaces a file of the base site.
func withFile(base, name, text string) string {
	i := strings.Index(base, "-- "+name+" --\n")
	if i < 0 {
		return base + "-- " + name + " --\n" + text
	}
	j := strings.Index(base[i+len(name)+7:], "\n-- ")
	if j < 0 {
		return base[:i] + "-- " + name + " --\n" + text
	}
	return base[:i] + "-- " + name + " --\n" + text + base[i+len(name)+7+j+1:]
}

const honeyPath = "content/products/dong-van/mat-ong-bac-ha.yaml"

func honeyIn(commune, issued, issuer string) string {
	return `name: {vi: Mật ong bạc hà Lũng Cú, en: Lung Cu Mint Honey, zh: 龙鼓薄荷蜂蜜}
stars: 4
group: food/honey
producer: htx-lung-cu
commune: ` + commune + `
certificate: {number: 123/QĐ-UBND, issued: ` + issued + `, issuer: ` + issuer + `}
images: [honey.svg]
`
}

// place returns the product page's place and the line about what it was.
func placeOn(t *testing.T, out, page string) (now, before string) {
	t.Helper()
	doc := sitetest.Page(t, out, page)
	dts := sitetest.Find(doc, "dl[class~=facts-list] dt")
	dds := sitetest.Find(doc, "dl[class~=facts-list] dd")
	for i, dt := range dts {
		if text := sitetest.Text(dt); text == "Nơi sản xuất" || text == "Made in" || text == "产地" {
			dd := dds[i]
			if small := sitetest.Find(dd, "small"); len(small) > 0 {
				before = sitetest.Text(small[0])
			}
			full := sitetest.Text(dd)
			return strings.TrimSpace(strings.TrimSuffix(full, before)), before
		}
	}
	t.Fatalf("%s: no place", page)
	return "", ""
}

func TestPlaces(t *testing.T) {
	t.Run("a record naming a former commune", func(t *testing.T) {
		site := withFile(sitetest.Base+placesTable, honeyPath, honeyIn("Xã Má Lé", "2025-03-01", "UBND tỉnh Hà Giang"))
		out, _ := mustBuild(t, site)
		for _, c := range []struct{ page, now, before string }{
			{"vi/products/mat-ong-bac-ha/index.html", "xã Lũng Cú, tỉnh Tuyên Quang", "Trước ngày 01/07/2025: xã Má Lé, huyện Đồng Văn, tỉnh Hà Giang"},
			{"en/products/mat-ong-bac-ha/index.html", "Lung Cu commune, Tuyen Quang province", "Before 1 July 2025: Ma Le commune, Dong Van district, Ha Giang province"},
			{"zh/products/mat-ong-bac-ha/index.html", "宣光省Lũng Cú社", "2025年7月1日前：河江省同文县Má Lé社"},
		} {
			now, before := placeOn(t, out, c.page)
			if now != c.now || before != c.before {
				t.Errorf("%s: %q / %q, want %q / %q", c.page, now, before, c.now, c.before)
			}
		}
	})
	t.Run("a record naming a new commune", func(t *testing.T) {
		site := withFile(sitetest.Base+placesTable, honeyPath, honeyIn("Xã Lũng Cú", "2025-09-15", "UBND tỉnh Tuyên Quang"))
		out, _ := mustBuild(t, site)
		now, before := placeOn(t, out, "vi/products/mat-ong-bac-ha/index.html")
		if now != "xã Lũng Cú, tỉnh Tuyên Quang" || before != "Trước ngày 01/07/2025: huyện Đồng Văn, tỉnh Hà Giang" {
			t.Errorf("%q / %q", now, before)
		}
		// Its producer's address in JSON-LD is today's.
		doc := sitetest.Page(t, out, "vi/products/mat-ong-bac-ha/index.html")
		var ld struct {
			Manufacturer struct {
				Address map[string]string `json:"address"`
			} `json:"manufacturer"`
		}
		if err := json.Unmarshal([]byte(sitetest.First(t, doc, "script[type=application/ld+json]").FirstChild.Data), &ld); err != nil {
			t.Fatal(err)
		}
		if a := ld.Manufacturer.Address; a["@type"] != "PostalAddress" || a["addressCountry"] != "VN" {
			t.Errorf("address: %v", a)
		}
	})
	t.Run("a new commune made of communes of two districts", func(t *testing.T) {
		// Filed under either district, a record may name it; the page of
		// each district lists it among today's communes.
		site := withFile(sitetest.Base+placesTable, "content/products/meo-vac/ruou-ngo.yaml", `name: {vi: Rượu ngô Pả Vi}
stars: 3
group: beverage/alcohol
producer: ho-sung
commune: Xã Đồng Văn
certificate: {number: 9/QĐ-UBND, issued: 2025-08-01, issuer: UBND tỉnh Tuyên Quang}
`)
		out, _ := mustBuild(t, site)
		now, before := placeOn(t, out, "vi/products/ruou-ngo/index.html")
		if now != "xã Đồng Văn, tỉnh Tuyên Quang" || before != "Trước ngày 01/07/2025: huyện Mèo Vạc, tỉnh Hà Giang" {
			t.Errorf("%q / %q", now, before)
		}
		for _, d := range []string{"dong-van", "meo-vac"} {
			doc := sitetest.Page(t, out, "vi/districts/"+d+"/index.html")
			communes := sitetest.Texts(sitetest.Find(doc, "section[class~=area-history] li"))
			if !slices.Contains(communes, "xã Đồng Văn") {
				t.Errorf("%s lists %q", d, communes)
			}
		}
		doc := sitetest.Page(t, out, "en/districts/meo-vac/index.html")
		if got := sitetest.Text(sitetest.First(t, doc, "section[class~=area-history] p")); got != "Before 1 July 2025, this was Meo Vac district of Ha Giang province. Its communes are now part of Tuyen Quang province:" {
			t.Errorf("area history: %q", got)
		}
	})
	t.Run("a site without a places table", func(t *testing.T) {
		out, _ := mustBuild(t, sitetest.Base)
		now, before := placeOn(t, out, "vi/products/mat-ong-bac-ha/index.html")
		if now != "Xã Lũng Cú" || before != "" {
			t.Errorf("%q / %q", now, before)
		}
		if len(sitetest.Find(sitetest.Page(t, out, "vi/districts/dong-van/index.html"), "section[class~=area-history]")) != 0 {
			t.Error("an area's history without a places table")
		}
	})
	t.Run("a province made of three former provinces", func(t *testing.T) {
		// Today's Lâm Đồng: Lâm Đồng, Đắk Nông and Bình Thuận; the
		// catalogue covers Đắk Nông, and a ward was made of communes of a
		// city and a district of it (Nghị quyết 1671/NQ-UBTVQH15).
		site := `
-- site.yaml --
title: {vi: Sản phẩm OCOP Đắk Nông}
baseURL: https://ocop.example.vn/
languages: [{code: vi, name: Tiếng Việt}, {code: en, name: English}]
districts:
  - {slug: gia-nghia, name: {vi: Thành phố Gia Nghĩa, en: Gia Nghia City}, kind: city}
  - {slug: dak-glong, name: {vi: Đắk Glong, en: Dak Glong}}
groups:
  - {key: food, name: {vi: Thực phẩm, en: Food}}
-- content/places.yaml --
province: {name: Lâm Đồng, since: 2025-07-01, formerly: [Lâm Đồng, Đắk Nông, Bình Thuận], source: Nghị quyết 202/2025/QH15}
region: Đắk Nông
communes:
  - name: Bắc Gia Nghĩa
    kind: phường
    formerly:
      - {name: Quảng Thành, kind: phường, district: gia-nghia}
      - {name: Nghĩa Thành, kind: phường, district: gia-nghia}
      - {name: Đắk Ha, kind: xã, district: dak-glong}
    source: Nghị quyết 1671/NQ-UBTVQH15, khoản 116
  - name: Mũi Né
    kind: phường
    formerly:
      - {name: Mũi Né, kind: phường, province: Bình Thuận, district: phan-thiet}
    source: Nghị quyết 1671/NQ-UBTVQH15, khoản 110
-- content/producers/htx.yaml --
name: HTX Đắk Ha
kind: cooperative
address: Thôn 1
commune: Xã Đắk Ha
area: dak-glong
-- content/products/dak-glong/ca-phe.yaml --
name: {vi: Cà phê Đắk Ha, en: Dak Ha coffee}
stars: 3
group: food
producer: htx
commune: Xã Đắk Ha
certificate: {number: 1/QĐ-UBND, issued: 2024-05-01, issuer: UBND tỉnh Đắk Nông}
`
		out, _ := mustBuild(t, site)
		now, before := placeOn(t, out, "en/products/ca-phe/index.html")
		if now != "Bac Gia Nghia ward, Lam Dong province" || before != "Before 1 July 2025: Dak Ha commune, Dak Glong district, Dak Nong province" {
			t.Errorf("%q / %q", now, before)
		}
		doc := sitetest.Page(t, out, "vi/producers/htx/index.html")
		if got := sitetest.Text(sitetest.Find(doc, "section[class~=contact] dd")[0]); !strings.HasPrefix(got, "Thôn 1, phường Bắc Gia Nghĩa, tỉnh Lâm Đồng") {
			t.Errorf("producer's address: %q", got)
		}
	})
}

func TestPlaceErrors(t *testing.T) {
	base := sitetest.Base + placesTable
	for _, tc := range []struct {
		name, site string
		want       []string
	}{{
		name: "an unknown commune",
		site: withFile(base, honeyPath, honeyIn("Xã Lũng Cư", "2025-03-01", "UBND tỉnh Hà Giang")),
		want: []string{honeyPath + `:5:10: unknown commune "Xã Lũng Cư" (did you mean "Lũng Cú"?); the communes, today's and former, are in content/places.yaml`},
	}, {
		name: "a commune of another district",
		site: withFile(base, honeyPath, honeyIn("Xã Pả Vi", "2025-03-01", "UBND tỉnh Hà Giang")),
		want: []string{honeyPath + `:5:10: xã Pả Vi is in meo-vac, not in dong-van: is the record in the right folder?`},
	}, {
		name: "mistakes in the table",
		site: withFile(sitetest.Base, "content/places.yaml", `province: {name: Tuyên Quang, since: 2025-07-01}
region: Hà Giang
communes:
  - name: Lũng Cú
    kind: xa
    formerly:
      - {name: Lũng Cú, kind: xã, district: dong-vann}
`),
		want: []string{
			`content/places.yaml:4:5: commune Lũng Cú has no source: name the resolution it comes from (source: …), or mark it illustrative: true`,
			`content/places.yaml:5:11: unknown kind "xa" (did you mean "xã"?); kinds are xã, phường, đặc khu`,
			`content/places.yaml:7:45: "dong-vann" is not a district in site.yaml (did you mean "dong-van"?); write the district's slug, or the former province (province: …) of a commune outside the region`,
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := errorsOf(t, tc.site)
			if !slices.Equal(got, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
