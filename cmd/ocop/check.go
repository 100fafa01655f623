package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hagiang-ocop/ocop"
	"github.com/hagiang-ocop/ocop/internal/build"
	"github.com/hagiang-ocop/ocop/internal/diag"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	p := argsPrinter(args)
	fs := flagSet("check", "check [-site DIR] [-format text|json|github] [-now YYYY-MM-DD] [-cache DIR] [-lang vi|en]", p, stderr)
	site := fs.String("site", ".", p.Sprintf("the site's `folder`"))
	format := fs.String("format", "text", p.Sprintf("how to report: text, json (an array of {file, line, col, severity, code, message}) or github (workflow annotations)"))
	var now dateFlag
	fs.Var(&now, "now", p.Sprintf("judge certificates as of this `date` (YYYY-MM-DD; default: today)"))
	cache := cacheFlag(fs, p)
	lang := langFlag(fs, p)
	if code, ok := parseFlags(fs, p, args); !ok {
		return code
	}
	if *format != "text" && *format != "json" && *format != "github" {
		fmt.Fprintln(stderr, p.Sprintf("ocop check: unknown format %q; use text, json or github", *format))
		return exitUsage
	}
	if !validLang(*lang) {
		fmt.Fprintln(stderr, p.Sprintf("ocop %s: -lang %q: use vi or en", "check", *lang))
		return exitUsage
	}
	p = printer(*lang, *site)
	if now.t.IsZero() {
		now.t = today()
	}
	// A check makes what the build would (the photos' sizes, every page),
	// so a long one shows how far it has come, as a build does.
	progress := newProgress(stderr, p)
	rep, err := build.Check(ctx, build.Options{SiteDir: *site, Theme: ocop.Theme(), Now: now.t, CacheDir: cache.dir(*site),
		MemoryLimit: memoryLimit(), Progress: progress.report()})
	progress.done()
	diags := rep.Diagnostics
	if err != nil && len(diags) == 0 {
		fmt.Fprintln(stderr, p.Sprintf("ocop check: %v", err))
		return exitFail
	}
	switch *format {
	case "json":
		if err := writeJSON(stdout, p, diags); err != nil {
			fmt.Fprintf(stderr, "ocop check: %v\n", err)
			return exitFail
		}
	case "github":
		writeGitHub(stdout, p, diags, *site)
	default:
		for _, d := range diags {
			fmt.Fprintln(stdout, p.WithSeverity(d))
		}
		errs, warns := diags.Count()
		fmt.Fprintln(stdout, p.Sprintf("%s, %s", errorCount(errs), warningCount(warns)))
	}
	if diags.HasErrors() {
		return exitFail
	}
	return exitOK
}

// jsonDiagnostic is one element of `ocop check -format json`. Its fields
// are the same in every language, and so are the severity and the code;
// the message is in the editor's language.
type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

func writeJSON(w io.Writer, p diag.Printer, diags diag.List) error {
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range diags {
		out = append(out, jsonDiagnostic{d.Pos.File, d.Pos.Line, d.Pos.Col, d.Severity.String(), d.Code, p.Text(d)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeGitHub writes GitHub Actions workflow commands that annotate each
// problem on its line. GitHub wants each file's path from the root of the
// repository, so the path of the site's folder from there (repoPath) is
// put before the paths the diagnostics give from the site's folder.
func writeGitHub(w io.Writer, p diag.Printer, diags diag.List, site string) {
	prefix := repoPath(site)
	for _, d := range diags {
		var props []string
		if d.Pos.File != "" {
			file := d.Pos.File
			if prefix != "." {
				file = prefix + "/" + file
			}
			props = append(props, "file="+escapeProperty(file))
			if d.Pos.Line > 0 {
				props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
			}
			if d.Pos.Col > 0 {
				props = append(props, fmt.Sprintf("col=%d", d.Pos.Col))
			}
		}
		props = append(props, "title="+escapeProperty("ocop: "+d.Code))
		fmt.Fprintf(w, "::%s %s::%s\n", d.Severity, strings.Join(props, ","), escapeData(p.Text(d)))
	}
}

// repoPath is the path, with slashes, of the site's folder from the root
// of the repository that holds it: the nearest folder at or above it with
// a .git (a folder, or the file of a worktree); "." when the site is that
// root. This needs no git program, and holds however the site was named
// (".", "sites/hagiang", "../hagiang", an absolute path). Outside any
// repository, it is the site's folder as given.
func repoPath(site string) string {
	if abs, err := filepath.Abs(site); err == nil {
		for dir := abs; ; {
			if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
				if rel, err := filepath.Rel(dir, abs); err == nil {
					return filepath.ToSlash(rel)
				}
				break
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return filepath.ToSlash(filepath.Clean(site))
}

// escapeData and escapeProperty escape text for workflow commands.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
