package search

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// The tests here run ../../static/search.js under Node and compare it with
// the Go side: the same tokens for a table of inputs, and, on built
// indexes, the same results, scores, facet counts, files read and cards.
// Without node they skip, unless CI is set.

func searchJS(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "static", "search.js")
}

func nodePath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not installed (it is needed when CI is set)")
		}
		t.Skip("node is not installed: skipping the search.js tests")
	}
	return p
}

const jsDriver = `
const s = require(process.argv[2]);
const fs = require('fs');
const path = require('path');
const input = JSON.parse(fs.readFileSync(0, 'utf8'));
(async () => {
  const out = {
    tokens: (input.tokens || []).map(c => s.tokens(c.lang, c.in)),
    terms: (input.tokens || []).map(c => s.terms(c.lang, c.in)),
    queries: []
  };
  for (const q of input.queries || []) {
    const fetched = [];
    const eng = new s.Engine(p => {
      fetched.push(p);
      return new Promise(ok => ok(JSON.parse(fs.readFileSync(path.join(q.dir, p), 'utf8'))));
    });
    const res = await eng.search(q.q, q.filter);
    const cards = await eng.cards(res.docs.slice(0, 50));
    out.queries.push({docs: res.docs, scores: res.scores, counts: res.counts, fetched,
      cards: cards.map(c => [c.doc, c.kind, c.url, c.title, c.subtitle, c.image, c.imageW, c.imageH, c.stars, c.district])});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`

type jsTokenCase struct {
	Lang string `json:"lang"`
	In   string `json:"in"`
}

type jsQuery struct {
	Dir    string         `json:"dir"`
	Q      string         `json:"q"`
	Filter map[string]any `json:"filter"`
	lang   string
	ix     func() *Index
	f      Filter
}

type jsOut struct {
	Tokens [][]struct{ Folded, Exact string }
	Terms  []struct {
		Required []struct {
			Folded, Exact  string
			Accent, Prefix bool
		}
		Pairs []string
	}
	Queries []struct {
		Docs   []int
		Scores []int
		Counts struct {
			District, Stars, Group          []int
			DistrictAll, StarsAll, GroupAll int
		}
		Fetched []string
		Cards   [][]any
	}
}

func runJS(t *testing.T, tokens []jsTokenCase, queries []jsQuery) jsOut {
	t.Helper()
	node := nodePath(t)
	dir := t.TempDir()
	driver := filepath.Join(dir, "driver.js")
	if err := os.WriteFile(driver, []byte(jsDriver), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(map[string]any{"tokens": tokens, "queries": queries})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, driver, searchJS(t))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	var out jsOut
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestJSTokens(t *testing.T) {
	var cases []jsTokenCase
	for _, c := range tokenCases {
		cases = append(cases, jsTokenCase{c.lang, c.in})
	}
	extra := append(slices.Clone(fuzzSeeds),
		"mat o", "mật ong ", "Mật", "teas berr", "雪山茶", "茶 mat", "mat 茶", "ĐẶC SẢN Hà Giang!", "e\u0301",
		"Ｔｅａｓ", "Ǆemal", "ΣΟΦΊΑ ΣΟΦΊΑΣ", "Ꭰ", "ǅ", "Ⅻ", "𝐀𝐁", "ﾃｽﾄ", "テスト", "한국어", "a\u200db", "tab\tnew\nline")
	for _, s := range extra {
		for _, lang := range []string{"vi", "en", "zh"} {
			cases = append(cases, jsTokenCase{lang, s})
		}
	}
	out := runJS(t, cases, nil)
	for i, c := range cases {
		var got []Token
		for _, tk := range out.Tokens[i] {
			got = append(got, Token(tk))
		}
		if want := Tokens(c.Lang, c.In); !slices.Equal(got, want) {
			t.Errorf("search.js tokens(%s, %q) = %q, Go: %q", c.Lang, c.In, got, want)
		}
		req, pairs := Terms(c.Lang, c.In)
		var jreq []Term
		for _, r := range out.Terms[i].Required {
			jreq = append(jreq, Term(r))
		}
		if !slices.Equal(jreq, req) || !slices.Equal(out.Terms[i].Pairs, pairs) {
			t.Errorf("search.js terms(%s, %q) = %+v %q, Go: %+v %q", c.Lang, c.In, jreq, out.Terms[i].Pairs, req, pairs)
		}
	}
}

func writeIndex(t *testing.T, files []File) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestJSSearch(t *testing.T) {
	nodePath(t)
	var queries []jsQuery
	add := func(lang string, docs []Doc, d, g Facet, qs []string, filters []Filter) {
		files, err := Build(lang, docs, d, g)
		if err != nil {
			t.Fatal(err)
		}
		dir := writeIndex(t, files)
		for _, q := range qs {
			for _, f := range filters {
				queries = append(queries, jsQuery{
					Dir: dir, Q: q, lang: lang, f: f,
					Filter: map[string]any{"district": f.District, "stars": f.Stars, "group": f.Group},
					ix: func() *Index {
						ix, err := Open(files)
						if err != nil {
							t.Fatal(err)
						}
						return ix
					},
				})
			}
		}
	}
	some := []Filter{{}, {District: []int{0}}, {Stars: []int{5, 4}}, {Group: []int{1, 2}, District: []int{0, 2}}}
	add("vi", smallCatalogue("vi"), smallDistricts, smallGroups,
		[]string{"che shan tuyet", "dong van", "mật ong", "mat o", "mat ", "m", "", "mặt", "khong co", "ong mat"}, some)
	add("en", smallCatalogue("en"), smallDistricts, smallGroups, []string{"teas", "honey mint", "berries", "liquor"}, some)
	add("zh", smallCatalogue("zh"), smallDistricts, smallGroups, []string{"茶", "雪山茶", "蜂蜜", "红茶"}, some)
	for _, lang := range []string{"vi", "en", "zh"} {
		docs, d, g := synthCatalogue(lang, 3000)
		qs := map[string][]string{
			"vi": {"mat ong", "mật ong bạc", "che", "chè shan tuyết", "m", "th", "t", "ng", "dong van", "ruou ngo", "xa lung cu", "huyen", "500"},
			"en": {"honey", "teas", "t", "s", "corn liquors", "wild flower", "berries", "ch"},
			"zh": {"茶", "雪山茶", "蜂蜜", "的", "红茶 ocop", "o"},
		}[lang]
		add(lang, docs, d, g, qs, []Filter{{}, {District: []int{3}, Stars: []int{5}}})
	}
	out := runJS(t, nil, queries)
	for i, q := range queries {
		ix := q.ix()
		res, err := ix.Search(q.Q, q.f)
		if err != nil {
			t.Fatal(err)
		}
		cards := [][]any{}
		for _, d := range res.Docs[:min(Shown, len(res.Docs))] {
			c, err := ix.Card(d)
			if err != nil {
				t.Fatal(err)
			}
			cards = append(cards, []any{float64(c.Doc), c.Kind, c.URL, c.Title, c.Subtitle, c.Image, float64(c.ImageW), float64(c.ImageH), float64(c.Stars), float64(c.District)})
		}
		js := out.Queries[i]
		name := q.lang + " " + q.Q + " " + strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(jsonString(q.Filter), `"`, ""), "null", "-"))
		if !slices.Equal(js.Docs, res.Docs) && !(len(js.Docs) == 0 && len(res.Docs) == 0) {
			t.Errorf("%s: search.js finds %d docs %v…, Go %d %v…", name, len(js.Docs), head(js.Docs), len(res.Docs), head(res.Docs))
			continue
		}
		if !slices.Equal(js.Scores, res.Scores) && !(len(js.Scores) == 0 && len(res.Scores) == 0) {
			t.Errorf("%s: search.js scores %v…, Go %v…", name, head(js.Scores), head(res.Scores))
		}
		c := res.Counts
		if !slices.Equal(js.Counts.District, c.District) || !slices.Equal(js.Counts.Stars, c.Stars[:]) || !slices.Equal(js.Counts.Group, c.Group) ||
			js.Counts.DistrictAll != c.DistrictAll || js.Counts.StarsAll != c.StarsAll || js.Counts.GroupAll != c.GroupAll {
			t.Errorf("%s: search.js counts %+v, Go %+v", name, js.Counts, c)
		}
		fetched := ix.Fetched()
		slices.Sort(fetched)
		slices.Sort(js.Fetched)
		if !slices.Equal(js.Fetched, fetched) {
			t.Errorf("%s: search.js reads %q, Go %q", name, js.Fetched, fetched)
		}
		if jsonString(js.Cards) != jsonString(cards) {
			t.Errorf("%s: search.js cards %s, Go %s", name, jsonString(js.Cards), jsonString(cards))
		}
	}
}

func head(s []int) []int { return s[:min(len(s), 8)] }

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
