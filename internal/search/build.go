package search

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Doc is one thing to find: a product or a story, in one language.
type Doc struct {
	Kind   string   // "product" or "story"
	URL    string   // root-relative address of its page
	Title  string   // product name / story title (weighted highest)
	Fields []string // other text, already plain: summary, description, producer, district, commune, group, tags…

	// Facets, for products only (a story's are ignored):
	District int   // index into the district facet's labels, -1 for none
	Stars    int   // 3, 4 or 5; 0 for none
	Group    []int // indexes into the group facet's labels: the product's group and its parents

	// What a result card shows:
	Image          string // root-relative image URL, "" for none
	ImageW, ImageH int
	Subtitle       string // e.g. "Đồng Văn · Honey", or a story's date
}

// Facet is a filter dimension: its name and its values' labels in the
// index's language, in display order.
type Facet struct {
	Name   string
	Labels []string
}

// File is one file of an index, its Path relative to the language's search
// folder ("manifest.json", "t/ma.json").
type File struct {
	Path      string
	Data      []byte
	MediaType string
}

// Version is the format version written in the manifest ("v").
const Version = 1

// ChunkSize is the number of documents per card file d/<n>.json.
const ChunkSize = 16

// ShardTarget is the size in bytes (uncompressed) a token shard is kept
// under, unless one token alone is larger.
const ShardTarget = 12 << 10

// Kinds of document, as the facet table writes them.
const (
	kindProduct = 0
	kindStory   = 1
)

// Classes of a document in a union file, best first.
const (
	unionTitleEq = 4
	unionTitleEx = 3
	unionFieldEq = 2
	unionFieldEx = 1
)

// Build makes the search files of one language (lang, a BCP 47 code;
// English stems plurals) from docs, with the labels of the district and
// group facets. The same arguments give byte-identical files, sorted by
// path.
func Build(lang string, docs []Doc, districts, groups Facet) ([]File, error) {
	if lang == "" {
		return nil, fmt.Errorf("search: no language")
	}
	for i, d := range docs {
		if err := checkDoc(d, len(districts.Labels), len(groups.Labels)); err != nil {
			return nil, fmt.Errorf("search: doc %d (%s): %v", i, d.URL, err)
		}
	}
	order, facets := sortDocs(docs)
	b := newBuilder(lang, len(docs))
	for id, di := range order {
		b.add(id, &docs[di])
	}
	toks := b.tokens(len(docs))
	shards := placeShards(toks)

	var files []File
	add := func(path string, data []byte) {
		files = append(files, File{Path: path, Data: data, MediaType: "application/json"})
	}
	keys := make([]string, len(shards))
	for i, sh := range shards {
		keys[i] = sh.key
		data := []byte{'['}
		for j, t := range toks[sh.lo:sh.hi] {
			if j > 0 {
				data = append(data, ',')
			}
			data = append(data, t.entry...)
		}
		add(fmt.Sprintf("t/%d.json", i), append(data, ']'))
	}
	best := make([]uint8, len(docs))
	for _, p := range unionPrefixes(keys) {
		lo := sort.Search(len(toks), func(i int) bool { return toks[i].folded >= p })
		hi := lo
		for hi < len(toks) && strings.HasPrefix(toks[hi].folded, p) {
			hi++
		}
		add("u/"+keyFile(p)+".json", b.union(toks[lo:hi], p, best))
	}
	for c := 0; c*ChunkSize < len(docs); c++ {
		var data []byte
		data = append(data, '[')
		for id := c * ChunkSize; id < min(len(docs), (c+1)*ChunkSize); id++ {
			d := &docs[order[id]]
			if id > c*ChunkSize {
				data = append(data, ',')
			}
			data = append(data, '[')
			data = appendString(data, d.URL)
			data = append(data, ',')
			data = appendString(data, d.Title)
			data = append(data, ',')
			data = appendString(data, d.Subtitle)
			data = append(data, ',')
			data = appendString(data, d.Image)
			data = append(data, ',')
			data = appendInt(data, d.ImageW)
			data = append(data, ',')
			data = appendInt(data, d.ImageH)
			data = append(data, ']')
		}
		add(fmt.Sprintf("d/%d.json", c), append(data, ']'))
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })

	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s %d\n", f.Path, len(f.Data))
		h.Write(f.Data)
	}
	m := []byte(`{"v":`)
	m = appendInt(m, Version)
	m = append(m, `,"lang":`...)
	m = appendString(m, lang)
	m = append(m, `,"hash":`...)
	m = appendString(m, hex.EncodeToString(h.Sum(nil))[:12])
	m = append(m, `,"n":`...)
	m = appendInt(m, len(docs))
	m = append(m, `,"chunk":`...)
	m = appendInt(m, ChunkSize)
	m = append(m, `,"facets":{"district":`...)
	m = appendFacet(m, districts)
	m = append(m, `,"group":`...)
	m = appendFacet(m, groups)
	m = append(m, `},"docs":[`...)
	for i, r := range facets {
		if i > 0 {
			m = append(m, ',')
		}
		m = append(m, '[')
		m = appendInt(m, r.count)
		m = append(m, ',')
		m = appendInt(m, r.kind)
		m = append(m, ',')
		m = appendInt(m, r.district)
		m = append(m, ',')
		m = appendInt(m, r.stars)
		m = append(m, ",["...)
		for j, g := range r.groups {
			if j > 0 {
				m = append(m, ',')
			}
			m = appendInt(m, g)
		}
		m = append(m, "]]"...)
	}
	m = append(m, `],"keys":[`...)
	for i, k := range keys {
		if i > 0 {
			m = append(m, ',')
		}
		m = appendString(m, k)
	}
	m = append(m, "]}"...)
	files = append(files, File{Path: "manifest.json", Data: m, MediaType: "application/json"})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

func appendFacet(b []byte, f Facet) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, f.Name)
	b = append(b, `,"labels":[`...)
	for i, l := range f.Labels {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, l)
	}
	return append(b, "]}"...)
}

func checkDoc(d Doc, districts, groups int) error {
	switch d.Kind {
	case "story":
		return nil
	case "product":
	default:
		return fmt.Errorf("kind %q is neither product nor story", d.Kind)
	}
	if d.District < -1 || d.District >= districts {
		return fmt.Errorf("district %d out of range [-1, %d)", d.District, districts)
	}
	if d.Stars != 0 && (d.Stars < 3 || d.Stars > 5) {
		return fmt.Errorf("stars %d: want 3, 4, 5 or 0", d.Stars)
	}
	for _, g := range d.Group {
		if g < 0 || g >= groups {
			return fmt.Errorf("group %d out of range [0, %d)", g, groups)
		}
	}
	return nil
}

// facetRun is a run of consecutive documents with the same facet values.
type facetRun struct {
	count, kind, district, stars int
	groups                       []int
}

func (r *facetRun) same(o *facetRun) bool {
	return r.kind == o.kind && r.district == o.district && r.stars == o.stars && slices.Equal(r.groups, o.groups)
}

// sortDocs numbers the documents: products before stories, then stars
// (most first), groups, district, and the caller's order. Equal facets are
// then neighbours, so the facet table is a short list of runs, and a
// tie in score falls to the better-rated product.
func sortDocs(docs []Doc) (order []int, runs []facetRun) {
	fs := make([]facetRun, len(docs))
	for i, d := range docs {
		if d.Kind == "story" {
			fs[i] = facetRun{kind: kindStory, district: -1}
			continue
		}
		g := slices.Clone(d.Group)
		slices.Sort(g)
		g = slices.Compact(g)
		fs[i] = facetRun{kind: kindProduct, district: d.District, stars: d.Stars, groups: g}
	}
	order = make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		x, y := &fs[a], &fs[b]
		return cmp.Or(
			cmp.Compare(x.kind, y.kind),
			cmp.Compare(y.stars, x.stars),
			slices.Compare(x.groups, y.groups),
			cmp.Compare(x.district, y.district),
		)
	})
	for _, i := range order {
		f := &fs[i]
		if n := len(runs); n > 0 && runs[n-1].same(f) {
			runs[n-1].count++
			continue
		}
		r := *f
		r.count = 1
		runs = append(runs, r)
	}
	return order, runs
}

// variant is one exact form of a token, with its postings: doc<<2 | bits,
// bit 2 for the title and bit 1 for the other fields.
type variant struct {
	exact, folded string
	post          []uint32
}

type builder struct {
	en    bool
	raw   map[string]int32 // raw token text → variant, -1 for none
	han   []int32          // Chinese character c in U+3400–U+9FFF → variant + 1
	pairs map[uint64]int32 // raw pair of Chinese characters → variant
	exact map[string]int32 // exact form → variant
	vars  []variant
	seen  []int32 // per variant: the document number + 1 that last had it
	bits  []uint8
	cur   []int32 // the current document's variants
	doc   int32

	touched []uint32    // scratch of union
	lists   [5][]uint32 // scratch of union

	record bool // for tests: trace every token's variant
	trace  []int32
}

func newBuilder(lang string, n int) *builder {
	return &builder{
		en:    stems(lang),
		raw:   make(map[string]int32, 1<<14),
		han:   make([]int32, hanHi-hanLo),
		pairs: map[uint64]int32{},
		exact: make(map[string]int32, 1<<14),
	}
}

// The code points of the common Chinese characters, looked up in a table.
const hanLo, hanHi = 0x3400, 0xA000

const (
	bitField = 1
	bitTitle = 2
)

func (b *builder) add(id int, d *Doc) {
	b.doc = int32(id) + 1
	b.cur = b.cur[:0]
	b.scan(d.Title, bitTitle)
	for _, f := range d.Fields {
		b.scan(f, bitField)
	}
	for _, v := range b.cur {
		b.vars[v].post = append(b.vars[v].post, uint32(id)<<2|uint32(b.bits[v]))
	}
}

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		t[c] = uint8(class(rune(c)))
	}
	return t
}()

// scan tokenises s as Tokens does, without normalising all of s: the raw
// text of each token is looked up, and normalised only the first time.
func (b *builder) scan(s string, bit uint8) {
	cur, start, han := clsOther, 0, -1
	var prev rune
	for i := 0; i < len(s); {
		var r rune
		var cl, size = clsOther, 1
		if c := s[i]; c < utf8.RuneSelf {
			cl = int(asciiClass[c])
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
			cl = class(r)
		}
		switch cl {
		case clsLetter, clsNumber:
			if cur != cl {
				if cur != clsOther {
					b.token(s[start:i], bit)
				}
				cur, start = cl, i
			}
			han = -1
		case clsMark:
			if cur == clsOther {
				han = -1
			}
		case clsHan:
			if cur != clsOther {
				b.token(s[start:i], bit)
				cur = clsOther
			}
			if han >= 0 {
				k := uint64(prev)<<32 | uint64(r)
				v, ok := b.pairs[k]
				if !ok {
					v = b.variant(s[han : i+size])
					b.pairs[k] = v
				}
				b.use(v, bit)
			}
			if r >= hanLo && r < hanHi {
				v := b.han[r-hanLo] - 1
				if v < 0 {
					v = b.variant(s[i : i+size])
					b.han[r-hanLo] = v + 1
				}
				b.use(v, bit)
			} else {
				b.token(s[i:i+size], bit)
			}
			han, prev = i, r
		default:
			if cur != clsOther {
				b.token(s[start:i], bit)
				cur = clsOther
			}
			han = -1
		}
		i += size
	}
	if cur != clsOther {
		b.token(s[start:], bit)
	}
}

func (b *builder) token(raw string, bit uint8) {
	v, ok := b.raw[raw]
	if !ok {
		v = b.variant(raw)
		b.raw[strings.Clone(raw)] = v
	}
	b.use(v, bit)
}

// use records variant v in the current document.
func (b *builder) use(v int32, bit uint8) {
	if v < 0 {
		return
	}
	if b.record {
		b.trace = append(b.trace, v)
	}
	if b.seen[v] != b.doc {
		b.seen[v] = b.doc
		b.bits[v] = bit
		b.cur = append(b.cur, v)
	} else {
		b.bits[v] |= bit
	}
}

// variant returns the variant of a raw token seen for the first time.
func (b *builder) variant(raw string) int32 {
	var e, f string
	if commonHan(raw) {
		// Normalising, folding and stemming leave these as they are.
		e = strings.Clone(raw)
		f = e
	} else {
		e = Normalize(raw)
		if utf8.RuneCountInString(e) > MaxTokenRunes {
			e = string([]rune(e)[:MaxTokenRunes])
		}
	}
	v, ok := b.exact[e]
	if !ok {
		if f == "" {
			f = fold(e)
			if b.en {
				f = stem(f)
			}
		}
		v = -1
		if f != "" {
			v = int32(len(b.vars))
			b.vars = append(b.vars, variant{exact: e, folded: f})
			b.seen = append(b.seen, 0)
			b.bits = append(b.bits, 0)
		}
		b.exact[e] = v
	}
	return v
}

// commonHan reports whether s is made of the Chinese characters
// U+3400–U+9FFF only, which have no decomposition and no case.
func commonHan(s string) bool {
	for _, r := range s {
		if r < hanLo || r >= hanHi {
			return false
		}
	}
	return s != ""
}

// tok is a folded token with its variants and its encoded shard entry.
type tok struct {
	folded string
	vars   []*variant
	entry  []byte
}

// tokens groups the variants by folded form, sorted, and encodes them.
// Of the pairs of Chinese characters, it keeps those in a title or in the
// other fields of at least PairDocs(n) of the n documents.
func (b *builder) tokens(n int) []tok {
	byFolded := make(map[string]int, len(b.vars))
	var toks []tok
	minDocs := PairDocs(n)
	for i := range b.vars {
		v := &b.vars[i]
		if pair(v.folded) && len(v.post) < minDocs && !slices.ContainsFunc(v.post, func(p uint32) bool { return p&bitTitle != 0 }) {
			continue
		}
		t, ok := byFolded[v.folded]
		if !ok {
			t = len(toks)
			byFolded[v.folded] = t
			toks = append(toks, tok{folded: v.folded})
		}
		toks[t].vars = append(toks[t].vars, v)
	}
	slices.SortFunc(toks, func(a, b tok) int { return strings.Compare(a.folded, b.folded) })
	var title, field []uint32
	for i := range toks {
		t := &toks[i]
		slices.SortFunc(t.vars, func(a, b *variant) int { return strings.Compare(a.exact, b.exact) })
		e := appendString([]byte{'['}, t.folded)
		for _, v := range t.vars {
			title, field = title[:0], field[:0]
			for _, p := range v.post {
				if p&bitTitle != 0 {
					title = append(title, p>>2)
				} else {
					field = append(field, p>>2)
				}
			}
			e = append(e, ',')
			if v.exact == v.folded {
				e = append(e, `""`...)
			} else {
				e = appendString(e, v.exact)
			}
			e = append(e, ',')
			e = appendList(e, title)
			e = append(e, ',')
			e = appendList(e, field)
		}
		t.entry = append(e, ']')
	}
	return toks
}

// PairDocs returns in how many of n documents' text (titles apart) a pair
// of Chinese characters must be for the index to keep it: 0.2 % of them,
// and at least 2. Rarer pairs, which are most pairs in long descriptions,
// would make the Chinese index several times larger for little gain.
func PairDocs(n int) int { return max(2, n/500) }

// shard is the consecutive tokens toks[lo:hi] of one t/ file.
type shard struct {
	key    string
	lo, hi int
}

// placeShards cuts the sorted tokens into consecutive shards of at most
// ShardTarget bytes (one token larger than that is a shard alone). A
// shard's key is the shortest prefix of its first token that sorts after
// the previous shard's last token; the first shard's key is "".
func placeShards(toks []tok) []shard {
	var out []shard
	lo, size := 0, 0
	for i, t := range toks {
		n := len(t.entry) + 1
		if i > lo && size+n > ShardTarget {
			out = append(out, shard{lo: lo, hi: i})
			lo, size = i, 0
		}
		size += n
	}
	if lo < len(toks) {
		out = append(out, shard{lo: lo, hi: len(toks)})
	}
	for i := 1; i < len(out); i++ {
		prev, first := toks[out[i-1].hi-1].folded, toks[out[i].lo].folded
		k := 0
		for k < len(prev) && k < len(first) && prev[k] == first[k] {
			k++
		}
		// first[:k] is a prefix of both; the key ends with the code
		// point of first that differs, or follows prev.
		for k > 0 && !utf8.RuneStart(first[k]) {
			k--
		}
		_, size := utf8.DecodeRuneInString(first[k:])
		out[i].key = first[:k+size]
	}
	return out
}

// MaxPrefixShards is how many shards a prefix's tokens may span before the
// client reads the prefix's union file instead.
const MaxPrefixShards = 2

// spanOf returns the shards i..j that hold the tokens starting with p
// (search.js's spanOf): i is the last shard whose key is at most p, j the
// last whose key starts with p, or i.
func spanOf(keys []string, p string) (i, j int) {
	i = sort.Search(len(keys), func(k int) bool { return keys[k] > p }) - 1
	j = i
	for j+1 < len(keys) && strings.HasPrefix(keys[j+1], p) {
		j++
	}
	return i, j
}

// unionPrefixes returns the prefixes, sorted, whose tokens span more than
// MaxPrefixShards shards and that a query can end with (not Chinese
// characters): prefixes of shard keys, as only these can.
func unionPrefixes(keys []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, k := range keys {
		for i := range k {
			_, size := utf8.DecodeRuneInString(k[i:])
			p := k[:i+size]
			if seen[p] {
				continue
			}
			seen[p] = true
			if r, _ := utf8.DecodeRuneInString(p); class(r) == clsHan {
				break
			}
			if i, j := spanOf(keys, p); j-i+1 > MaxPrefixShards {
				out = append(out, p)
			}
		}
	}
	slices.Sort(out)
	return out
}

// union encodes the union file of prefix: for every document with a token
// that starts with prefix, its best class (title or not, the token equal
// to prefix or longer), as four lists.
func (b *builder) union(toks []tok, prefix string, best []uint8) []byte {
	touched := b.touched[:0]
	for _, t := range toks {
		eq := t.folded == prefix
		for _, v := range t.vars {
			for _, p := range v.post {
				d := p >> 2
				c := uint8(unionFieldEx)
				switch {
				case p&bitTitle != 0 && eq:
					c = unionTitleEq
				case p&bitTitle != 0:
					c = unionTitleEx
				case eq:
					c = unionFieldEq
				}
				if best[d] == 0 {
					touched = append(touched, d)
				}
				best[d] = max(best[d], c)
			}
		}
	}
	lists := &b.lists
	for c := range lists {
		lists[c] = lists[c][:0]
	}
	if len(touched) > len(best)/32 {
		for d, c := range best {
			if c != 0 {
				lists[c] = append(lists[c], uint32(d))
				best[d] = 0
			}
		}
	} else {
		slices.Sort(touched)
		for _, d := range touched {
			lists[best[d]] = append(lists[best[d]], d)
			best[d] = 0
		}
	}
	b.touched = touched
	out := make([]byte, 0, 16+2*len(touched))
	out = append(out, '[')
	for c := unionTitleEq; c >= unionFieldEx; c-- {
		out = appendList(out, lists[c])
		if c > unionFieldEx {
			out = append(out, ',')
		}
	}
	return append(out, ']')
}
