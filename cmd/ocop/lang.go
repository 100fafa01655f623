package main

import (
	"flag"
	"os"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/load"
)

// editorLanguage is the language ocop speaks to the editor in: the -lang
// flag's when given, else the environment's (LC_ALL, LC_MESSAGES, LANG,
// LANGUAGE), else the site's first language; "vi" or "en", the languages
// its messages are written in (English for any other).
func editorLanguage(flag string, cfg *load.Config) string {
	if l := chosenLanguage(flag); l != "" {
		return l
	}
	if cfg != nil && len(cfg.Languages) > 0 {
		if l := pickLanguage(cfg.Languages[0].Code); l != "" {
			return l
		}
	}
	return "en"
}

// chosenLanguage is the language the -lang flag or the environment
// chooses; "" when neither does.
func chosenLanguage(flag string) string {
	if l := pickLanguage(flag); l != "" {
		return l
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		if l := pickLanguage(os.Getenv(v)); l != "" {
			return l
		}
	}
	return ""
}

// pickLanguage reads a language code or a locale (vi, vi_VN.UTF-8, en-GB):
// "vi" or "en", "en" for another language, "" for none (the C locale).
func pickLanguage(s string) string {
	s = strings.ToLower(s)
	if i := strings.IndexAny(s, "_.@-:"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "vi", "en":
		return s
	case "", "c", "posix":
		return ""
	}
	return "en"
}

// siteLanguage is editorLanguage for the site in the folder site, whose
// site.yaml is read only when the flag and the environment say nothing.
func siteLanguage(flag, site string) string {
	if l := chosenLanguage(flag); l != "" {
		return l
	}
	cfg, _ := load.ReadConfig(os.DirFS(site))
	return editorLanguage("", cfg)
}

// langFlag is the -lang flag of check, build, report and serve: the
// language of what ocop says.
func langFlag(fs *flag.FlagSet, p diag.Printer) *string {
	return fs.String("lang", "", p.Sprintf("the `language` of ocop's messages: vi (tiếng Việt) or en (English); default: the environment's (LANG), else the site's first language"))
}

// validLang reports whether the -lang flag's value is one ocop speaks.
func validLang(s string) bool { return s == "" || s == "vi" || s == "en" }

// printer returns the printer for the editor's language at the site.
func printer(flag, site string) diag.Printer {
	return diag.NewPrinter(siteLanguage(flag, site))
}
