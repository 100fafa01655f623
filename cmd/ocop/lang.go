package main

import (
	"os"
	"strings"

	"github.com/hagiang-ocop/ocop/internal/load"
)

// editorLanguage is the language ocop speaks to the editor in: the -lang
// flag's when given, else the environment's (LC_ALL, LC_MESSAGES, LANG,
// LANGUAGE), else the site's first language; "vi" or "en", the languages
// its messages are written in (English for any other).
func editorLanguage(flag string, cfg *load.Config) string {
	pick := func(s string) string {
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
	if l := pick(flag); l != "" {
		return l
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"} {
		if l := pick(os.Getenv(v)); l != "" {
			return l
		}
	}
	if cfg != nil && len(cfg.Languages) > 0 {
		if l := pick(cfg.Languages[0].Code); l != "" {
			return l
		}
	}
	return "en"
}
