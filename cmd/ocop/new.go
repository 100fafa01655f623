package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/skeleton"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

const newUsage = "new product <district>/<slug> | new producer <slug> | new story <slug> [-site DIR] [-lang CODE]"

func runNew(_ context.Context, args []string, stdout, stderr io.Writer) int {
	p := argsPrinter(args)
	if len(args) < 1 || (args[0] != "product" && args[0] != "producer" && args[0] != "story") {
		fmt.Fprintln(stderr, p.Sprintf("usage: ocop %s", newUsage))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return exitOK
		}
		return exitUsage
	}
	kind := args[0]
	fset := flagSet("new "+kind, newUsage, p, stderr)
	site := fset.String("site", ".", p.Sprintf("the site's `folder`"))
	lang := fset.String("lang", "", p.Sprintf("the `language` of the comments and messages, vi or en (default: the environment's, else the site's first language); for a story, the language of the file too (default: the site's default language)"))
	// The name may come before or after the flags.
	rest := args[1:]
	var name string
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest = rest[0], rest[1:]
	}
	if err := fset.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if name == "" && fset.NArg() == 1 {
		name = fset.Arg(0)
	} else if fset.NArg() > 0 {
		fset.Usage()
		return exitUsage
	}
	// The comments and messages are in the -lang flag's language when it
	// is one ocop speaks (a story in Chinese has them in the editor's).
	say := ""
	if validLang(*lang) {
		say = *lang
	}
	p = printer(say, *site)
	if name == "" {
		fmt.Fprintln(stderr, p.Sprintf("ocop new %s: give the new record's name", kind))
		fmt.Fprintln(stderr, p.Sprintf("usage: ocop %s", newUsage))
		return exitUsage
	}
	cfg, err := loadConfig(*site, p)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	editor := editorLanguage(say, cfg)
	var rel string
	var data []byte
	switch kind {
	case "product":
		district, slug, ok := strings.Cut(name, "/")
		if !ok || slug == "" || strings.Contains(slug, "/") {
			fmt.Fprintln(stderr, p.Sprintf("ocop new product: name the product <district>/<slug>, such as dong-van/mat-ong-bac-ha"))
			return exitUsage
		}
		var slugs []string
		var found *load.District
		for i, d := range cfg.Districts {
			slugs = append(slugs, d.Slug)
			if d.Slug == district {
				found = &cfg.Districts[i]
			}
		}
		if found == nil {
			fmt.Fprintln(stderr, p.Sprintf("ocop new product: unknown district %q%s; districts are %s",
				district, diag.DidYouMean(district, slugs), strings.Join(slugs, ", ")))
			return exitFail
		}
		if slug = checkSlug(stderr, p, "product", slug); slug == "" {
			return exitUsage
		}
		rel = filepath.Join("content", "products", district, slug+".yaml")
		if other := findProduct(*site, slug, rel); other != "" {
			fmt.Fprintln(stderr, p.Sprintf("ocop new product: %s already has the slug %q; choose another", other, slug))
			return exitFail
		}
		name := found.Name.Values[0]
		opt := skeletonOptions(cfg, *site, editor, map[string]string{
			"vi": "Một sản phẩm của " + name, "en": "A product of " + name})
		data = skeleton.Record(load.Declarations().Product, opt)
	case "producer":
		slug := checkSlug(stderr, p, "producer", name)
		if slug == "" {
			return exitUsage
		}
		rel = filepath.Join("content", "producers", slug+".yaml")
		opt := skeletonOptions(cfg, *site, editor, map[string]string{
			"vi": "Một chủ thể OCOP", "en": "A producer (chủ thể OCOP)"})
		data = skeleton.Record(load.Declarations().Producer, opt)
	case "story":
		slug := checkSlug(stderr, p, "story", name)
		if slug == "" {
			return exitUsage
		}
		code := cfg.Languages[0].Code
		if *lang != "" {
			code = *lang
			known := false
			for _, l := range cfg.Languages {
				known = known || l.Code == code
			}
			if !known {
				fmt.Fprintln(stderr, p.Sprintf("ocop new story: %q is not one of the site's languages", code))
				return exitUsage
			}
		}
		rel = filepath.Join("content", "stories", slug+"."+code+".md")
		opt := skeletonOptions(cfg, *site, editor, map[string]string{
			"vi": "Một câu chuyện", "en": "A story"})
		opt.Values = map[string]string{"date": today().Format(time.DateOnly)}
		data = skeleton.Story(load.Declarations().Story, opt)
	}
	path := filepath.Join(*site, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintln(stderr, p.Sprintf("ocop new: %v", err))
		return exitFail
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			fmt.Fprintln(stderr, p.Sprintf("ocop new: %s already exists; it is left as it is", filepath.ToSlash(rel)))
		} else {
			fmt.Fprintln(stderr, p.Sprintf("ocop new: %v", err))
		}
		return exitFail
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(stderr, p.Sprintf("ocop new: %v", err))
		return exitFail
	}
	fmt.Fprintln(stdout, p.Sprintf("wrote %s: fill it in, then run ocop check", filepath.ToSlash(rel)))
	return exitOK
}

// checkSlug returns name as a slug, or "" after saying why it cannot be one.
func checkSlug(stderr io.Writer, p diag.Printer, kind, name string) string {
	if vntext.IsSlug(name) {
		return name
	}
	if s := vntext.Slug(name); s != "" {
		fmt.Fprintln(stderr, p.Sprintf("ocop new %s: %q is not a slug (lower-case ASCII words joined by \"-\"); use %q", kind, name, s))
	} else {
		fmt.Fprintln(stderr, p.Sprintf("ocop new %s: %q is not a slug (lower-case ASCII words joined by \"-\")", kind, name))
	}
	return ""
}

// findProduct returns the record of another district with this slug, if
// any; self, the record about to be written, does not count.
func findProduct(site, slug, self string) string {
	matches, _ := filepath.Glob(filepath.Join(site, "content", "products", "*", slug+".yaml"))
	for _, m := range matches {
		rel, err := filepath.Rel(site, m)
		if err == nil && rel != self {
			return filepath.ToSlash(rel)
		}
	}
	return ""
}

// loadConfig reads the site's settings (site.yaml only), for `new`.
func loadConfig(site string, p diag.Printer) (*load.Config, error) {
	cfg, diags := load.ReadConfig(os.DirFS(site))
	if cfg == nil || diags.HasErrors() {
		var b strings.Builder
		for _, d := range diags {
			b.WriteString(p.String(d) + "\n")
		}
		return nil, errors.New(b.String() + p.Sprintf("ocop new: site.yaml has errors; fix them first"))
	}
	return cfg, nil
}

// skeletonOptions are what a skeleton of the site's records offers: the
// groups, areas and producers to choose from, the usual specs.
func skeletonOptions(cfg *load.Config, site, lang string, title map[string]string) skeleton.Options {
	opt := skeleton.Options{Lang: lang, Languages: cfg.Languages, Title: title[lang], Choices: map[string][]string{},
		Keys: map[string][]string{"specs": {"net_weight", "shelf_life", "packaging", "ingredients", "storage", "usage"}}}
	if opt.Title == "" {
		opt.Title = title["en"]
	}
	for _, g := range cfg.Groups {
		opt.Choices[load.RefGroup] = append(opt.Choices[load.RefGroup], g.Key)
	}
	for _, d := range cfg.Districts {
		opt.Choices[load.RefDistrict] = append(opt.Choices[load.RefDistrict], d.Slug)
	}
	entries, _ := os.ReadDir(filepath.Join(site, "content", "producers"))
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok && !e.IsDir() {
			opt.Choices[load.RefProducer] = append(opt.Choices[load.RefProducer], name)
		}
	}
	return opt
}
