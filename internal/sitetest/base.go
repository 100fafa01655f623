package sitetest

// Base is a small catalogue: two districts, three products (one with
// an expired certificate), two producers, two stories (one without a
// Chinese version), and Chinese missing here and there.
const Base = `
-- site.yaml --
title: {vi: Sản phẩm OCOP Thử, en: Test OCOP Products, zh: 测试OCOP产品}
description: {vi: Danh mục thử., en: A test catalogue., zh: 测试目录。}
baseURL: https://ocop.example.vn/
languages:
  - {code: vi, name: Tiếng Việt}
  - {code: en, name: English}
  - {code: zh, name: 中文}
districts:
  - slug: dong-van
    name: {vi: Đồng Văn, en: Dong Van, zh: 同文}
  - slug: meo-vac
    name: {vi: Mèo Vạc, en: Meo Vac, zh: 苗旺}
groups:
  - key: food
    name: {vi: Thực phẩm, en: Food, zh: 食品}
  - key: food/honey
    name: {vi: Mật ong, en: Honey, zh: 蜂蜜}
  - key: food/tea
    name: {vi: Chè, en: Tea, zh: 茶叶}
  - key: beverage/alcohol
    name: {vi: Rượu, en: Liquor, zh: 酒类}
-- content/producers/htx-lung-cu.yaml --
name: {vi: HTX Lũng Cú, en: Lung Cu Cooperative, zh: 龙鼓合作社}
kind: cooperative
address: Xã Lũng Cú, huyện Đồng Văn
phone: "0219 3856 123"
zalo: "0912 345 678"
-- content/producers/ho-sung.yaml --
name: {vi: Hộ kinh doanh Sùng Mí Chứ, en: Sung Mi Chu Household}
kind: household
address: Xã Pả Vi, huyện Mèo Vạc
phone: "0987 654 321"
-- content/products/dong-van/mat-ong-bac-ha.yaml --
name: {vi: Mật ong bạc hà Lũng Cú, en: Lung Cu Mint Honey, zh: 龙鼓薄荷蜂蜜}
stars: 4
group: food/honey
producer: htx-lung-cu
commune: Xã Lũng Cú
certificate: {number: 123/QĐ-UBND, issued: 2025-03-01, issuer: UBND tỉnh Hà Giang}
summary: {vi: Mật ong hoa bạc hà., en: Honey of mint flowers., zh: 薄荷花蜜。}
description:
  vi: |
    ## Hương vị
    Mật ong **bạc hà** thơm mát.
  en: |
    ## Taste
    A fresh **mint** honey.
images: [honey.svg]
specs:
  net_weight: 500 ml
  shelf_life: {vi: 24 tháng, en: 24 months, zh: 24个月}
price: {min: 250000, max: 300000, unit: {vi: chai, en: bottle, zh: 瓶}}
tags: [gift, highland]
-- content/products/dong-van/honey.svg --
<svg xmlns="http://www.w3.org/2000/svg" width="80" height="60" viewBox="0 0 80 60"><rect width="80" height="60" fill="#fc0"/></svg>
-- content/products/dong-van/che-shan-tuyet.yaml --
name: {vi: Chè Shan tuyết Lũng Cú, en: Lung Cu Shan Tuyet Tea, zh: 龙鼓雪山茶}
stars: 5
group: food/tea
producer: htx-lung-cu
certificate: {number: 2890/QĐ-BNN, issued: 2024-06-30, issuer: Bộ Nông nghiệp và PTNT}
summary: {vi: Chè cổ thụ., en: Tea from ancient trees.}
-- content/products/dong-van/banh-tam-giac-mach.yaml --
name: {vi: Bánh tam giác mạch, en: Buckwheat cake, zh: 荞麦饼}
stars: 3
group: food
producer: htx-lung-cu
certificate: {number: 45/QĐ-UBND, issued: 2025-01-10, issuer: UBND tỉnh Hà Giang}
-- content/products/meo-vac/ruou-ngo.yaml --
name: {vi: Rượu ngô Pả Vi, en: Pa Vi Corn Liquor, zh: 巴威玉米酒}
stars: 3
group: beverage/alcohol
producer: ho-sung
certificate: {number: 77/QĐ-UBND, issued: 2020-05-04, issuer: UBND tỉnh Hà Giang}
-- content/stories/mua-mat.vi.md --
---
title: Mùa mật bạc hà
date: 2025-10-20
products: [mat-ong-bac-ha]
---
Câu chuyện **mùa mật**.
-- content/stories/mua-mat.en.md --
---
title: The mint honey season
date: 2025-10-20
products: [mat-ong-bac-ha]
---
The story of the **honey season**.
-- content/stories/mua-mat.zh.md --
---
title: 薄荷蜜季
date: 2025-10-20
products: [mat-ong-bac-ha]
---
蜜季的故事。
-- content/stories/che-co-thu.vi.md --
---
title: Chè cổ thụ
date: 2025-11-02
products: [che-shan-tuyet]
---
Chuyện chè.
-- content/stories/che-co-thu.en.md --
---
title: Ancient tea trees
date: 2025-11-02
products: [che-shan-tuyet]
---
About tea.
`
