package cms

import (
	"bytes"
	"fmt"
	"path"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v4"
)

// KeepStyle is an Options.Format that writes a record as the CMS sends it
// in the style of the file it replaces, so that a save changes only the
// lines of the values the editor changed.
//
// Decap CMS writes YAML anew on every save: it wraps long lines at 80
// characters, turns Markdown texts into folded blocks (">"), inline
// mappings and lists ({vi: …, en: …}, [a, b]) into blocks, drops comments
// (those that ocop new writes included), and writes an optional field
// the editor emptied as "". The data is the same, but a save shows in Git
// as a rewrite of the whole file. KeepStyle reads both files and writes
// the CMS's data with the old file's nodes wherever their data is the
// same (their style, comments and order kept), new and changed values in
// ocop's style (block mappings, lists indented under their key, Markdown
// in literal blocks "|" that end with a line break, no line wrapped,
// double quotes where a value needs quotes), and leaves out empty values ("", null, [] and {}): an
// absent optional field is what ocop expects. When nothing but style
// changed, the old file is written back byte for byte.
//
// A story (.md) has its front matter treated so, and its Markdown body
// kept as the CMS sends it. Other files, and records that do not read
// as a YAML mapping, are written as they are sent.
func KeepStyle(p string, prev, next []byte) ([]byte, error) {
	switch strings.ToLower(path.Ext(p)) {
	case ".yaml", ".yml":
		return restyle(prev, next)
	case ".md":
		front, body, ok := splitFront(next)
		if !ok {
			return next, nil
		}
		var prevFront []byte
		if prev != nil {
			if f, pb, ok := splitFront(prev); ok {
				if bytes.Equal(pb, body) {
					// The body did not change: keep its bytes, which the
					// CMS may have trimmed.
					body = pb
				}
				prevFront = f
			}
		}
		out, err := restyle(prevFront, front)
		if err != nil {
			return nil, err
		}
		return bytes.Join([][]byte{[]byte("---\n"), out, []byte("---\n"), body}, nil), nil
	}
	return next, nil
}

// splitFront splits a story into its front matter (without the "---"
// lines) and its body.
func splitFront(data []byte) (front, body []byte, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte("---\n"))
	if !found {
		return nil, data, false
	}
	for off := 0; off < len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		line := rest[off:]
		next := len(rest)
		if end >= 0 {
			line, next = rest[off:off+end], off+end+1
		}
		if string(bytes.TrimRight(line, " \r")) == "---" {
			return rest[:off], rest[next:], true
		}
		off = next
	}
	return nil, data, false
}

// restyle writes the YAML mapping next in the style of prev (nil for a
// new file).
func restyle(prev, next []byte) ([]byte, error) {
	var nd yaml.Node
	if err := yaml.Load(next, &nd); err != nil {
		return nil, fmt.Errorf("the CMS sent YAML that cannot be read: %v", err)
	}
	if nd.Kind != yaml.DocumentNode || len(nd.Content) != 1 || nd.Content[0].Kind != yaml.MappingNode {
		return next, nil
	}
	var pd yaml.Node
	var proot *yaml.Node
	if prev != nil && yaml.Load(prev, &pd) == nil && pd.Kind == yaml.DocumentNode && len(pd.Content) == 1 && pd.Content[0].Kind == yaml.MappingNode {
		proot = pd.Content[0]
	}
	root := prune(merge(proot, nd.Content[0]))
	if root == nil {
		root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	}
	if proot != nil && sameData(proot, root) {
		return prev, nil
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	if proot != nil {
		doc.HeadComment, doc.FootComment = pd.HeadComment, pd.FootComment
	}
	var b bytes.Buffer
	d, err := yaml.NewDumper(&b, yaml.WithIndent(2), yaml.WithCompactSeqIndent(false), yaml.WithLineWidth(-1),
		yaml.WithQuotePreference(yaml.QuoteDouble))
	if err != nil {
		return nil, err
	}
	if err := d.Dump(doc); err != nil {
		return nil, err
	}
	if err := d.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sameData reports whether two nodes hold the same data, whatever their
// style.
func sameData(a, b *yaml.Node) bool {
	var va, vb any
	if a.Load(&va) != nil || b.Load(&vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}

// merge returns the node n (the CMS's) with the parts whose data is the
// same as in p (the old file's) taken from p, and the rest styled as ocop
// writes records. p may be nil or of another kind.
func merge(p, n *yaml.Node) *yaml.Node {
	if p != nil && sameData(p, n) {
		return p
	}
	switch n.Kind {
	case yaml.MappingNode:
		out := &yaml.Node{Kind: yaml.MappingNode, Tag: n.Tag}
		prevAt := map[string]int{}
		if p != nil && p.Kind == yaml.MappingNode {
			keepComments(out, p)
			if p.Style&yaml.FlowStyle != 0 && flat(n) {
				out.Style = yaml.FlowStyle
			}
			for i := 0; i+1 < len(p.Content); i += 2 {
				prevAt[p.Content[i].Value] = i
			}
		}
		for _, i := range mappingOrder(p, n) {
			key, val := n.Content[i], n.Content[i+1]
			var pv *yaml.Node
			if j, ok := prevAt[key.Value]; ok {
				key, pv = p.Content[j], p.Content[j+1]
			} else {
				key = &yaml.Node{Kind: yaml.ScalarNode, Tag: key.Tag, Value: key.Value}
			}
			out.Content = append(out.Content, key, merge(pv, val))
		}
		return out
	case yaml.SequenceNode:
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: n.Tag}
		var prevItems []*yaml.Node
		if p != nil && p.Kind == yaml.SequenceNode {
			keepComments(out, p)
			if p.Style&yaml.FlowStyle != 0 && flat(n) {
				out.Style = yaml.FlowStyle
			}
			prevItems = p.Content
		}
		for i, item := range n.Content {
			var pi *yaml.Node
			if i < len(prevItems) {
				pi = prevItems[i]
			}
			out.Content = append(out.Content, merge(pi, item))
		}
		return out
	case yaml.ScalarNode:
		out := &yaml.Node{Kind: yaml.ScalarNode, Tag: n.Tag, Value: n.Value}
		switch {
		case strings.Contains(n.Value, "\n") && !strings.Contains(n.Value, "\r"):
			// Markdown and other texts of several lines, as people
			// write them (the emitter quotes what a block cannot hold),
			// ending with a line break as the block "|" does: the CMS
			// trims it, and a Markdown text means the same either way.
			out.Style = yaml.LiteralStyle
			if !strings.HasSuffix(out.Value, "\n") {
				out.Value += "\n"
			}
		case p != nil && p.Kind == yaml.ScalarNode && p.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			out.Style = p.Style & (yaml.DoubleQuotedStyle | yaml.SingleQuotedStyle)
		case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
			out.Style = yaml.DoubleQuotedStyle
		}
		if p != nil && p.Kind == yaml.ScalarNode {
			keepComments(out, p)
		}
		return out
	}
	return n
}

// mappingOrder returns the indexes of n's keys in the order to write
// them: the old file's order for the keys it had, each new key after the
// key that comes before it in n.
func mappingOrder(p, n *yaml.Node) []int {
	inPrev := map[string]int{} // key → position in p
	if p != nil && p.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(p.Content); i += 2 {
			inPrev[p.Content[i].Value] = i / 2
		}
	}
	// The keys that p had, in p's order.
	var order []int
	var kept []int
	for i := 0; i+1 < len(n.Content); i += 2 {
		if _, ok := inPrev[n.Content[i].Value]; ok {
			kept = append(kept, i)
		}
	}
	// A stable sort by the position in p.
	for len(kept) > 0 {
		best := 0
		for j := range kept {
			if inPrev[n.Content[kept[j]].Value] < inPrev[n.Content[kept[best]].Value] {
				best = j
			}
		}
		order = append(order, kept[best])
		kept = append(kept[:best], kept[best+1:]...)
	}
	// Then each new key, after the key before it in n.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if _, ok := inPrev[n.Content[i].Value]; ok {
			continue
		}
		at := 0
		for j := i - 2; j >= 0; j -= 2 {
			if k := indexOf(order, j); k >= 0 {
				at = k + 1
				break
			}
		}
		order = append(order[:at], append([]int{i}, order[at:]...)...)
	}
	return order
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// flat reports whether a collection holds only scalars of one line: one
// that can stay written inline.
func flat(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode || strings.ContainsAny(c.Value, "\n\r") {
			return false
		}
	}
	return true
}

func keepComments(dst, src *yaml.Node) {
	dst.HeadComment, dst.LineComment, dst.FootComment = src.HeadComment, src.LineComment, src.FootComment
}

// prune leaves out the empty values of n: "", null, and the lists and
// mappings that hold nothing else. It returns nil when n is empty, and
// does not change n.
func prune(n *yaml.Node) *yaml.Node {
	switch n.Kind {
	case yaml.ScalarNode:
		if tag := n.ShortTag(); tag == "!!null" || (tag == "!!str" && n.Value == "") {
			return nil
		}
	case yaml.MappingNode, yaml.SequenceNode:
		step := 1
		if n.Kind == yaml.MappingNode {
			step = 2
		}
		var kept []*yaml.Node
		changed := false
		for i := 0; i+step-1 < len(n.Content); i += step {
			v := prune(n.Content[i+step-1])
			changed = changed || v != n.Content[i+step-1]
			if v != nil {
				kept = append(kept, n.Content[i:i+step-1]...)
				kept = append(kept, v)
			}
		}
		if len(kept) == 0 {
			return nil
		}
		if changed {
			c := *n
			c.Content = kept
			return &c
		}
	}
	return n
}
