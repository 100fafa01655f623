package search

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Points of a match, the same as search.js's.
const (
	pointsTitle       = 40 // the token in the title
	pointsField       = 4  // the token in another field only
	pointsAccentTitle = 20 // added when the query's accents are the title's
	pointsAccentField = 2
	pointsLongerTitle = 10 // taken off when the last, unfinished word matched a longer token
	pointsLongerField = 1
)

// MaxTerms is how many words (and, apart, Chinese character pairs) of a
// query count; the rest are ignored.
const MaxTerms = 10

// Shown is how many results search.js shows at first and adds with each
// "show more".
const Shown = 50

// Index is a built index opened for searching: the Go reference of the
// query algorithm of search.js, for tests and for Size. It reads files
// only when a query needs them, as a browser would, and remembers which.
type Index struct {
	files    map[string][]byte
	lang     string
	chunk    int
	keys     []string
	kind     []int
	district []int
	stars    []int
	groups   [][]int
	nDist    int
	nGroup   int
	shards   map[string][][]string
	unions   map[string][]string
	chunks   map[int][][]json.RawMessage
	fetched  []string
	seen     map[string]bool
}

// Open opens the index made of files (Build's result).
func Open(files []File) (*Index, error) {
	ix := &Index{
		files:  make(map[string][]byte, len(files)),
		shards: map[string][][]string{},
		unions: map[string][]string{},
		chunks: map[int][][]json.RawMessage{},
		seen:   map[string]bool{},
	}
	for _, f := range files {
		ix.files[f.Path] = f.Data
	}
	var m struct {
		V      int
		Lang   string
		N      int
		Chunk  int
		Facets struct {
			District, Group struct{ Labels []string }
		}
		Docs [][5]json.RawMessage
		Keys []string
	}
	if err := ix.load("manifest.json", &m); err != nil {
		return nil, err
	}
	if m.V != Version {
		return nil, fmt.Errorf("search: manifest version %d, want %d", m.V, Version)
	}
	ix.lang, ix.chunk = m.Lang, m.Chunk
	ix.nDist, ix.nGroup = len(m.Facets.District.Labels), len(m.Facets.Group.Labels)
	for _, r := range m.Docs {
		var n, kind, dist, stars int
		var groups []int
		for i, p := range []any{&n, &kind, &dist, &stars, &groups} {
			if err := json.Unmarshal(r[i], p); err != nil {
				return nil, fmt.Errorf("search: manifest docs: %v", err)
			}
		}
		if n < 0 || kind < 0 || kind > 1 || dist < -1 || dist >= ix.nDist || stars < 0 || stars > 5 ||
			slices.ContainsFunc(groups, func(g int) bool { return g < 0 || g >= ix.nGroup }) {
			return nil, fmt.Errorf("search: manifest docs: bad run %v", [5]any{n, kind, dist, stars, groups})
		}
		for range n {
			ix.kind = append(ix.kind, kind)
			ix.district = append(ix.district, dist)
			ix.stars = append(ix.stars, stars)
			ix.groups = append(ix.groups, groups)
		}
	}
	if len(ix.kind) != m.N {
		return nil, fmt.Errorf("search: manifest has %d docs in its table, says %d", len(ix.kind), m.N)
	}
	if !slices.IsSorted(m.Keys) || len(m.Keys) > 0 && m.Keys[0] != "" {
		return nil, fmt.Errorf("search: manifest keys not sorted from \"\"")
	}
	ix.keys = m.Keys
	return ix, nil
}

func (ix *Index) load(path string, v any) error {
	data, ok := ix.files[path]
	if !ok {
		return fmt.Errorf("search: no file %s", path)
	}
	if !ix.seen[path] {
		ix.seen[path] = true
		ix.fetched = append(ix.fetched, path)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("search: %s: %v", path, err)
	}
	return nil
}

// Fetched returns the paths of the files read so far, in order.
func (ix *Index) Fetched() []string { return slices.Clone(ix.fetched) }

// Len returns the number of documents.
func (ix *Index) Len() int { return len(ix.kind) }

// Term is one word of a query.
type Term struct {
	Folded, Exact string
	Accent        bool // Exact has marks the fold removes: matches written the same way score more
	Prefix        bool // the last, unfinished word: matches every token it starts
}

// Terms returns the words a query must all match, and the Chinese
// character pairs that add to the score.
func Terms(lang, q string) (required []Term, pairs []string) {
	toks := Tokens(lang, q)
	last := -1
	for i, t := range toks {
		if !pair(t.Folded) {
			last = i
		}
	}
	open := false
	if n := Normalize(q); n != "" {
		r, _ := utf8.DecodeLastRuneInString(n)
		c := class(r)
		open = c == clsLetter || c == clsNumber || c == clsMark
	}
	seen := map[Term]bool{}
	seenPair := map[string]bool{}
	for i, t := range toks {
		if pair(t.Folded) {
			if !seenPair[t.Folded] && len(pairs) < MaxTerms {
				seenPair[t.Folded] = true
				pairs = append(pairs, t.Folded)
			}
			continue
		}
		r, _ := utf8.DecodeRuneInString(t.Folded)
		term := Term{
			Folded: t.Folded,
			Exact:  t.Exact,
			Accent: fold(t.Exact) != t.Exact,
			Prefix: i == last && open && class(r) != clsHan,
		}
		if !seen[term] && len(required) < MaxTerms {
			seen[term] = true
			required = append(required, term)
		}
	}
	return required, pairs
}

// pair reports whether a folded token is a pair of Chinese characters.
func pair(f string) bool {
	r, n := utf8.DecodeRuneInString(f)
	return n < len(f) && class(r) == clsHan
}

// Filter is the selected facet values: a document passes a facet when the
// facet has none selected or the document has one of them.
type Filter struct {
	District []int
	Stars    []int
	Group    []int
}

// Result is the answer to a query.
type Result struct {
	Docs   []int // the matching documents that pass the filter, best first
	Scores []int // their scores
	Counts Counts
}

// Counts are the facet counts of a query: for each value of a facet, how
// many matches have it and pass the other facets' filters; All is how many
// pass the other facets' filters (what the facet's "any" choice gives).
type Counts struct {
	District, Group       []int
	Stars                 [6]int
	DistrictAll, StarsAll int
	GroupAll              int
}

// Search runs query q with filter f. An empty query matches every product.
func (ix *Index) Search(q string, f Filter) (*Result, error) {
	n := len(ix.kind)
	score := make([]int, n)
	matched := make([]bool, n)
	req, pairs := Terms(ix.lang, q)
	if len(req) == 0 {
		for d := range n {
			matched[d] = ix.kind[d] == kindProduct
		}
	} else {
		count := make([]int, n)
		ts := make([]int, n)
		for _, t := range req {
			clear(ts)
			if err := ix.termScores(t, ts); err != nil {
				return nil, err
			}
			for d, s := range ts {
				if s > 0 {
					count[d]++
					score[d] += s
				}
			}
		}
		for d := range n {
			matched[d] = count[d] == len(req)
		}
		for _, p := range pairs {
			clear(ts)
			if err := ix.termScores(Term{Folded: p, Exact: p}, ts); err != nil {
				return nil, err
			}
			for d, s := range ts {
				score[d] += s
			}
		}
	}
	res := &Result{Counts: Counts{District: make([]int, ix.nDist), Group: make([]int, ix.nGroup)}}
	in := func(set []int, v int) bool { return len(set) == 0 || slices.Contains(set, v) }
	inAny := func(set, vs []int) bool {
		if len(set) == 0 {
			return true
		}
		for _, v := range vs {
			if slices.Contains(set, v) {
				return true
			}
		}
		return false
	}
	c := &res.Counts
	for d := range n {
		if !matched[d] {
			continue
		}
		pd, ps, pg := in(f.District, ix.district[d]), in(f.Stars, ix.stars[d]), inAny(f.Group, ix.groups[d])
		if ps && pg {
			c.DistrictAll++
			if ix.district[d] >= 0 {
				c.District[ix.district[d]]++
			}
		}
		if pd && pg {
			c.StarsAll++
			c.Stars[ix.stars[d]]++
		}
		if pd && ps {
			c.GroupAll++
			for _, g := range ix.groups[d] {
				c.Group[g]++
			}
		}
		if pd && ps && pg {
			res.Docs = append(res.Docs, d)
		}
	}
	slices.SortStableFunc(res.Docs, func(a, b int) int { return cmp.Compare(score[b], score[a]) })
	for _, d := range res.Docs {
		res.Scores = append(res.Scores, score[d])
	}
	return res, nil
}

// termScores sets ts[d] to the points of document d for term t.
func (ix *Index) termScores(t Term, ts []int) error {
	if len(ix.keys) == 0 {
		return nil
	}
	lo, hi := spanOf(ix.keys, t.Folded)
	if !t.Prefix {
		hi = lo
	} else if hi-lo+1 > MaxPrefixShards {
		path := "u/" + keyFile(t.Folded) + ".json"
		u, ok := ix.unions[path]
		if !ok {
			if err := ix.load(path, &u); err != nil {
				return err
			}
			ix.unions[path] = u
		}
		if len(u) != 4 {
			return fmt.Errorf("search: %s: want 4 lists", path)
		}
		points := [4]int{pointsTitle, pointsTitle - pointsLongerTitle, pointsField, pointsField - pointsLongerField}
		for i, l := range u {
			docs, err := decodeList(l)
			if err != nil {
				return err
			}
			for _, d := range docs {
				ts[d] = max(ts[d], points[i])
			}
		}
		return nil
	}
	for s := lo; s <= hi; s++ {
		if err := ix.scoreShard(s, t, ts); err != nil {
			return err
		}
	}
	return nil
}

// scoreShard scores term t with the tokens of shard s.
func (ix *Index) scoreShard(s int, t Term, ts []int) error {
	path := fmt.Sprintf("t/%d.json", s)
	sh, ok := ix.shards[path]
	if !ok {
		if err := ix.load(path, &sh); err != nil {
			return err
		}
		ix.shards[path] = sh
	}
	for _, e := range sh {
		if len(e) == 0 || len(e)%3 != 1 {
			return fmt.Errorf("search: %s: bad entry", path)
		}
		folded := e[0]
		longer := false
		if t.Prefix {
			if !strings.HasPrefix(folded, t.Folded) {
				continue
			}
			longer = folded != t.Folded
		} else if folded != t.Folded {
			continue
		}
		for v := 1; v < len(e); v += 3 {
			exact := e[v]
			if exact == "" {
				exact = folded
			}
			title, field := pointsTitle, pointsField
			if t.Accent && (exact == t.Exact || t.Prefix && strings.HasPrefix(exact, t.Exact)) {
				title += pointsAccentTitle
				field += pointsAccentField
			}
			if longer {
				title -= pointsLongerTitle
				field -= pointsLongerField
			}
			for i, p := range []int{title, field} {
				docs, err := decodeList(e[v+1+i])
				if err != nil {
					return err
				}
				for _, d := range docs {
					ts[d] = max(ts[d], p)
				}
			}
		}
	}
	return nil
}

// Card is what a result shows of a document.
type Card struct {
	Doc                  int
	Kind                 string // "product" or "story"
	URL, Title, Subtitle string
	Image                string
	ImageW, ImageH       int
	Stars, District      int
	Group                []int
}

// Card returns the card of document d, reading its chunk.
func (ix *Index) Card(d int) (Card, error) {
	if d < 0 || d >= len(ix.kind) {
		return Card{}, fmt.Errorf("search: no doc %d", d)
	}
	c := d / ix.chunk
	ch, ok := ix.chunks[c]
	if !ok {
		if err := ix.load(fmt.Sprintf("d/%d.json", c), &ch); err != nil {
			return Card{}, err
		}
		ix.chunks[c] = ch
	}
	i := d % ix.chunk
	if i >= len(ch) || len(ch[i]) != 6 {
		return Card{}, fmt.Errorf("search: chunk %d has no doc %d", c, d)
	}
	card := Card{Doc: d, Kind: "product", Stars: ix.stars[d], District: ix.district[d], Group: ix.groups[d]}
	if ix.kind[d] == kindStory {
		card.Kind = "story"
	}
	for j, p := range []any{&card.URL, &card.Title, &card.Subtitle, &card.Image, &card.ImageW, &card.ImageH} {
		if err := json.Unmarshal(ch[i][j], p); err != nil {
			return Card{}, fmt.Errorf("search: chunk %d: %v", c, err)
		}
	}
	return card, nil
}

// Transfer is what a browser with an empty cache downloads for a query:
// the manifest, the shards the query needs and the cards of the first
// results shown.
type Transfer struct {
	Files       []string
	Bytes, Gzip int
}

// FirstQuery returns what showing the first results of q (no filter)
// costs a browser that has nothing cached.
func FirstQuery(files []File, q string) (Transfer, error) {
	ix, err := Open(files)
	if err != nil {
		return Transfer{}, err
	}
	res, err := ix.Search(q, Filter{})
	if err != nil {
		return Transfer{}, err
	}
	for _, d := range res.Docs[:min(Shown, len(res.Docs))] {
		if _, err := ix.Card(d); err != nil {
			return Transfer{}, err
		}
	}
	t := Transfer{Files: ix.Fetched()}
	for _, p := range t.Files {
		t.Bytes += len(ix.files[p])
		t.Gzip += gzipSize(ix.files[p])
	}
	return t, nil
}

// Size returns the total size of an index's files, as they are and each
// compressed with gzip.
func Size(files []File) (raw, compressed int) {
	for _, f := range files {
		raw += len(f.Data)
		compressed += gzipSize(f.Data)
	}
	return raw, compressed
}

func gzipSize(data []byte) int {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Len()
}
