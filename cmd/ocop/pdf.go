package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	rscpdf "rsc.io/pdf"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/model"
	"github.com/hagiang-ocop/ocop/internal/pdf"
)

// runPDF builds the site into a temporary folder and prints one of its
// print editions or label sheets to a PDF file with headless Chromium.
func runPDF(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// (Its -lang is the language of the edition: its help is in English.)
	ep := diag.Printer{}
	fs := flagSet("pdf", "pdf [-site DIR] [-lang CODE] [-district SLUG [-labels] | -stars N] [-o FILE] [-now YYYY-MM-DD] [-cache DIR]", ep, stderr)
	site := fs.String("site", ".", "the site's `folder`")
	lang := fs.String("lang", "", "the `language` of the edition (default: the site's first)")
	district := fs.String("district", "", "print the edition of this district (its `slug`, as in site.yaml)")
	stars := fs.Int("stars", 0, "print the edition of the products with this many stars (`3, 4 or 5`)")
	labels := fs.Bool("labels", false, "with -district: print its sheets of booth labels instead")
	out := fs.String("o", "", "the PDF `file` to write (default: a name that says which edition, in the current folder)")
	var now dateFlag
	fs.Var(&now, "now", "the edition's `date`: products certified on it (YYYY-MM-DD; default: today)")
	cache := cacheFlag(fs, ep)
	if code, ok := parseFlags(fs, ep, args); !ok {
		return code
	}
	switch {
	case *district != "" && *stars != 0:
		fmt.Fprintln(stderr, "ocop pdf: choose -district or -stars, not both")
		return exitUsage
	case *labels && *district == "":
		fmt.Fprintln(stderr, "ocop pdf: booth labels are printed by district: add -district SLUG")
		return exitUsage
	case *stars != 0 && (*stars < 3 || *stars > 5):
		fmt.Fprintln(stderr, "ocop pdf: -stars is 3, 4 or 5")
		return exitUsage
	}
	if now.t.IsZero() {
		now.t = today()
	}
	if pdf.Chromium() == "" {
		fmt.Fprintf(stderr, "ocop pdf: %v\n", pdf.ErrNoChromium)
		return exitFail
	}

	tmp, err := os.MkdirTemp("", "ocop-pdf-")
	if err != nil {
		fmt.Fprintf(stderr, "ocop pdf: %v\n", err)
		return exitFail
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "public")
	rep, err := build.Build(ctx, build.Options{SiteDir: *site, Theme: ocop.Theme(), Out: dir, Now: now.t, CacheDir: cache.dir(*site)})
	if err != nil {
		// (-lang is the site's language to print: the messages are in
		// the editor's, from the environment or the site.)
		p := printer("", *site)
		printDiagnostics(stderr, p, rep.Diagnostics)
		var list *diag.ErrorList
		if errors.As(err, &list) {
			n, _ := rep.Diagnostics.Count()
			fmt.Fprintln(stderr, p.Sprintf("ocop pdf: %s; nothing was printed", errorCount(n)))
		} else {
			fmt.Fprintf(stderr, "ocop pdf: %v\n", err)
		}
		return exitFail
	}
	cat := rep.Catalogue

	// Which page, and the file's name.
	code := *lang
	if code == "" {
		code = cat.Languages[0].Code
	}
	if !slices.ContainsFunc(cat.Languages, func(l *model.Language) bool { return l.Code == code }) {
		fmt.Fprintf(stderr, "ocop pdf: the site has no language %q\n", code)
		return exitUsage
	}
	page, name := code+"/print/", "catalogue-"+code
	switch {
	case *district != "":
		if !slices.ContainsFunc(cat.Districts, func(d *model.District) bool { return d.Slug == *district }) {
			fmt.Fprintf(stderr, "ocop pdf: site.yaml has no district %q\n", *district)
			return exitUsage
		}
		page, name = code+"/print/districts/"+*district+"/", "catalogue-"+code+"-"+*district
		if *labels {
			page, name = code+"/labels/districts/"+*district+"/", "labels-"+code+"-"+*district
		}
	case *stars != 0:
		page, name = code+"/print/stars/"+strconv.Itoa(*stars)+"/", "catalogue-"+code+"-"+strconv.Itoa(*stars)+"-stars"
	}
	if *out == "" {
		*out = name + ".pdf"
	}
	// A big edition comes in volumes (model.VolumeSize): one file each,
	// numbered. A catalogue bigger than a volume prints in its district
	// editions (its whole edition is their contents): one file each,
	// named by the district (and numbered, for one in volumes).
	stem, ext := strings.TrimSuffix(*out, filepath.Ext(*out)), filepath.Ext(*out)
	var paths, files []string
	edition := func(first *model.Page, name string) {
		var vols []string
		for v := first; v != nil; v = v.Next {
			vols = append(vols, v.Path)
		}
		paths = append(paths, vols...)
		if len(vols) == 1 {
			files = append(files, name+ext)
			return
		}
		for i := range vols {
			files = append(files, fmt.Sprintf("%s-%d%s", name, i+1, ext))
		}
	}
	first := cat.PageAt(page)
	switch {
	case first == nil:
		paths, files = []string{page}, []string{*out}
	case first.Contents && first.Star != nil:
		fmt.Fprintf(stderr, "ocop pdf: the %d-star products are more than one edition holds (%d): they print in the districts' editions; choose one with -district\n", first.Star.Stars, model.VolumeSize)
		return exitUsage
	case first.Contents:
		li := first.Lang.Index
		for _, d := range cat.Districts {
			if len(d.Products[li]) > 0 {
				edition(d.PrintPages[li], stem+"-"+d.Slug)
			}
		}
	default:
		edition(first, stem)
	}

	p := &pdf.Printer{Dir: dir, BaseURL: cat.BaseURL}
	docs, err := p.Print(ctx, paths...)
	if err != nil {
		fmt.Fprintf(stderr, "ocop pdf: %v\n", err)
		return exitFail
	}
	for i, doc := range docs {
		if err := os.WriteFile(files[i], doc, 0o644); err != nil {
			fmt.Fprintf(stderr, "ocop pdf: %v\n", err)
			return exitFail
		}
		pages := ""
		if r, err := rscpdf.NewReader(bytes.NewReader(doc), int64(len(doc))); err == nil {
			pages = diag.Plural(r.NumPage(), "%d page", "%d pages").String() + ", "
		}
		fmt.Fprintf(stdout, "ocop: wrote %s (%s, %s%.1f MB)\n", files[i], cat.BaseURL+paths[i], pages, float64(len(doc))/1e6)
	}
	return exitOK
}
