package load

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/diag"
	yaml "go.yaml.in/yaml/v4"
)

// Theme is what the pages are made of: templates, interface strings and
// static files. Each comes from the site's own folder when it has one of
// that name, else from the built-in theme.
type Theme struct {
	Templates []Template // by name
	// Strings[i] holds the interface strings of the site's i-th language.
	// A language without its own file has an empty map; the renderer falls
	// back to the default language's strings.
	Strings []map[string]Message
	Assets  []Asset // by name

	version uint64 // a hash of everything above
}

// Template is one html/template file.
type Template struct {
	// Name is the path under templates/, such as "product.html".
	Name string
	// File is where it came from, for messages.
	File string
	Text string
}

// Message is one interface string. One is the singular form for strings
// with a count ({n}); Other is used for every other count and for strings
// without one.
type Message struct {
	Other string
	One   string
	Pos   diag.Pos
}

// Asset is a file under static/, published with its content hash in its name.
type Asset struct {
	Name string // path under static/, such as "style.css"
	File string
	Data []byte
}

const (
	templatesDir = "templates"
	stringsDir   = "templates/i18n"
	staticDir    = "static"
	// builtinPrefix marks the files of the built-in theme in messages.
	builtinPrefix = "(built-in) "
	// MaxAssetBytes is the largest static file accepted.
	MaxAssetBytes = 20 << 20
)

// loadTheme reads the built-in theme and then the site's own templates,
// strings and static files over it.
func (l *loader) loadTheme() *Theme {
	t := &Theme{Strings: make([]map[string]Message, len(l.cfg.Languages))}
	for i := range t.Strings {
		t.Strings[i] = map[string]Message{}
	}
	templates := map[string]Template{}
	assets := map[string]Asset{}
	for _, layer := range []struct {
		fsys   fs.FS
		prefix string
	}{{l.builtin, builtinPrefix}, {l.site, ""}} {
		if layer.fsys == nil {
			continue
		}
		l.walk(layer.fsys, templatesDir, func(p string, data []byte) {
			name := strings.TrimPrefix(p, templatesDir+"/")
			switch {
			case strings.HasPrefix(p, stringsDir+"/") && (path.Ext(p) == ".yaml" || path.Ext(p) == ".yml"):
				code := strings.TrimSuffix(path.Base(p), path.Ext(p))
				li := indexOf(l.langs, code)
				if li < 0 {
					return // strings of a language this site does not have
				}
				d := &decoder{file: layer.prefix + p, diags: l.diags, langs: l.langs, md: l.md}
				if root := d.parse(data); root != nil {
					for k, m := range decodeMessages(d, root) {
						t.Strings[li][k] = m
					}
				}
			case path.Ext(p) == ".html":
				templates[name] = Template{Name: name, File: layer.prefix + p, Text: string(data)}
			}
		})
		l.walk(layer.fsys, staticDir, func(p string, data []byte) {
			name := strings.TrimPrefix(p, staticDir+"/")
			assets[name] = Asset{Name: name, File: layer.prefix + p, Data: data}
		})
	}
	for li, over := range l.cfg.Strings {
		for k, m := range over {
			t.Strings[li][k] = m
		}
	}
	if len(t.Strings) > 0 && len(t.Strings[0]) == 0 {
		l.diags.Errorf(diag.Pos{File: stringsDir + "/" + l.langs[0] + ".yaml"}, "strings",
			"there are no interface strings for %s, the site's default language", l.langs[0])
	}
	h := fnv.New64a()
	for _, name := range slices.Sorted(maps.Keys(templates)) {
		t.Templates = append(t.Templates, templates[name])
		io.WriteString(h, name+"\x00"+templates[name].Text+"\x00")
	}
	for _, name := range slices.Sorted(maps.Keys(assets)) {
		t.Assets = append(t.Assets, assets[name])
		io.WriteString(h, name+"\x00")
		h.Write(assets[name].Data)
	}
	for li, m := range t.Strings {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			fmt.Fprintf(h, "%d %s %s %s\x00", li, k, m[k].One, m[k].Other)
		}
	}
	t.version = h.Sum64()
	return t
}

// walk calls fn for each regular file under dir in fsys, in lexical order,
// skipping hidden and editor temporary files. A missing dir is empty.
func (l *loader) walk(fsys fs.FS, dir string, fn func(p string, data []byte)) {
	if symlink(fsys, dir) {
		l.diags.Errorf(diag.Pos{File: dir}, "symlink", "the %s folder is a symbolic link, which ocop does not follow; put the folder itself here", dir)
		return
	}
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			l.diags.Errorf(diag.Pos{File: p}, "read", "cannot read: %v", err)
			return nil
		}
		if p != dir && Ignored(e.Name()) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() || !e.Type().IsRegular() {
			if !e.IsDir() && e.Type()&fs.ModeSymlink != 0 {
				l.diags.Errorf(diag.Pos{File: p}, "symlink", "symbolic links are not followed; copy the file here instead")
			}
			return nil
		}
		data, ok := l.readFile(fsys, p, MaxAssetBytes)
		if ok {
			fn(p, data)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.diags.Errorf(diag.Pos{File: dir}, "read", "cannot read: %v", err)
	}
}

// decodeMessages decodes a mapping of string keys to texts, where a text is
// a string or {one: …, other: …}.
func decodeMessages(d *decoder, n *yaml.Node) map[string]Message {
	out := map[string]Message{}
	if !d.noAlias(n) {
		return out
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "type", "interface strings must be a mapping of keys to texts, not %s", describe(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !d.noAlias(k) || !d.noAlias(v) {
			continue
		}
		if _, dup := out[k.Value]; dup {
			d.errorf(k, "duplicate-key", "string %q is given twice; keep only one", k.Value)
			continue
		}
		m := Message{Pos: d.pos(v)}
		if v.Kind == yaml.MappingNode {
			d.mapping(v, diag.M("string %s", k.Value), []field{
				{name: "one", decode: func(_, x *yaml.Node) { m.One, _ = d.str(x, k.Value+".one") }},
				{name: "other", required: true, decode: func(_, x *yaml.Node) { m.Other, _ = d.str(x, k.Value+".other") }},
			})
		} else {
			m.Other, _ = d.str(v, k.Value)
		}
		out[k.Value] = m
	}
	return out
}
