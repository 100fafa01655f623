package load

import (
	"strings"

	"github.com/hagiang-ocop/ocop/internal/diag"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// The names of the site's files and folders become addresses and the
// names of published files, and travel to editors' computers through Git:
// they must mean the same everywhere.

// WindowsReserved reports whether Windows keeps name for a device (CON,
// PRN, AUX, NUL, COM1–COM9, LPT1–LPT9, in any case, with or without an
// extension: "nul.txt" is NUL too), so that it cannot open or make a file
// or folder so named.
func WindowsReserved(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	stem = strings.ToUpper(strings.TrimRight(stem, " "))
	switch stem {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(stem) >= 4 && (strings.HasPrefix(stem, "COM") || strings.HasPrefix(stem, "LPT")) {
		switch stem[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

// reservedHint is the list of Windows's reserved names, for messages.
const reservedHint = "CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9"

// nameProblem returns what is wrong with the name of a file or folder of
// the site, or no message: an invisible character (which makes two names that look
// the same differ, or a name that shows differently from what it is); a
// character that Windows does not allow in names; a name that Windows
// reserves.
func nameProblem(name string) diag.Msg {
	for _, r := range name {
		if inv, _ := vntext.Invisible(r); inv {
			return diag.M("the name %q has an invisible character (%s); rename it without", name, vntext.CharName(r))
		}
		if strings.ContainsRune(`<>:"|?*\`, r) {
			return diag.M("the name %q has %q, which Windows does not allow in names; rename it without", name, r)
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return diag.M("the name %q ends in %q, which Windows drops; rename it without", name, name[len(name)-1:])
	}
	if WindowsReserved(name) {
		return diag.M("the name %q is one that Windows keeps for a device (%s), so Windows cannot open it; rename it, such as %q",
			name, reservedHint, renamed(name))
	}
	return diag.Msg{}
}

// renamed suggests a name that is not reserved: "con.yaml" → "con-1.yaml".
func renamed(name string) string {
	stem, ext, _ := strings.Cut(name, ".")
	if ext != "" {
		ext = "." + ext
	}
	return stem + "-1" + ext
}

// reservedSlug returns the problem of a slug of site.yaml that would
// name a folder of the output, or no message.
func reservedSlug(what diag.Msg, slug string) diag.Msg {
	if WindowsReserved(slug) {
		return diag.M("%s %q would name a folder that Windows keeps for a device (%s); choose another, such as %q",
			what, slug, reservedHint, slug+"-1")
	}
	return diag.Msg{}
}

// reservedAddress returns the problem of a file name whose slug would
// name a folder of the output, or no message.
func reservedAddress(name, slug string) diag.Msg {
	if WindowsReserved(slug) {
		_, rest, _ := strings.Cut(name, ".")
		return diag.M("the file name %q gives the address %q, a name that Windows keeps for a device (%s); rename the file, such as %q",
			name, slug, reservedHint, renamed(slug+"."+rest))
	}
	return diag.Msg{}
}
