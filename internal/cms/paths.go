package cms

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/hagiang-ocop/ocop/internal/load"
	"github.com/hagiang-ocop/ocop/internal/vntext"
)

// The kinds of file the handler reads and writes, by extension: those of
// ocop's loader.
var (
	recordExts = map[string]bool{".yaml": true, ".yml": true, ".md": true}
	mediaExts  = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".webp": true, ".gif": true, ".svg": true}
)

// maxNameBytes is the longest name of a file or folder: what the file
// systems of Windows, macOS and Linux hold.
const maxNameBytes = 255

// kind says what a path may name.
type kind int

const (
	anyFile kind = iota // a file of any of the kinds below
	folder              // a folder: content/ or one under it
	record              // a record or story
	media               // a photo
)

// sitePath checks a path the CMS sent and returns it, or an error saying
// what is wrong with it. A good path is relative to the site,
// slash-separated, under content/ (or content/ itself, for a folder), each
// of its names one that every editor's computer can hold, and it names a
// file of the kind asked for. The path is not changed: one that is not
// already clean is refused, not cleaned.
func sitePath(p string, k kind) (string, error) {
	bad := func(format string, args ...any) (string, error) {
		return "", errorf(http.StatusUnprocessableEntity, "the path %q %s", p, fmt.Sprintf(format, args...))
	}
	switch {
	case p == "":
		return bad("is empty")
	case !utf8.ValidString(p):
		return bad("is not UTF-8 text")
	case strings.Contains(p, `\`):
		return bad(`has a backslash: paths are written with "/"`)
	case strings.HasPrefix(p, "/"):
		return bad("starts at the root of the computer: paths are relative to the site's folder")
	}
	parts := strings.Split(p, "/")
	for _, name := range parts {
		if msg := nameProblem(name); msg != "" {
			return bad("%s", msg)
		}
	}
	if parts[0] != ContentDir {
		return bad("is outside the site's %s/ folder, which alone the CMS may read and write", ContentDir)
	}
	ext := strings.ToLower(path.Ext(p))
	switch k {
	case folder:
		return p, nil
	case record:
		if !recordExts[ext] {
			return bad("is not a record: a record is a .yaml, .yml or .md file")
		}
	case media:
		if !mediaExts[ext] {
			return bad("is not a photo: a photo is a .jpg, .jpeg, .png, .webp, .gif or .svg file")
		}
	default:
		if !recordExts[ext] && !mediaExts[ext] {
			return bad("is neither a record (.yaml, .yml, .md) nor a photo (.jpg, .jpeg, .png, .webp, .gif, .svg)")
		}
	}
	if len(parts) < 2 {
		return bad("names the %s/ folder, not a file in it", ContentDir)
	}
	return p, nil
}

// nameProblem returns what is wrong with one name of a path, or "": the
// rules of ocop's loader (an invisible character, a character or a name
// that Windows does not allow), and more, since a path comes from a
// browser: no empty name, "." or "..", no control character, no name that
// starts with "." (hidden, and ocop's temporary files), none too long.
func nameProblem(name string) string {
	switch {
	case name == "":
		return `has an empty name (two "/" in a row, or one at the end)`
	case name == "." || name == "..":
		return fmt.Sprintf("has %q in it: paths name files directly", name)
	case strings.HasPrefix(name, "."):
		return fmt.Sprintf("has the hidden name %q", name)
	case len(name) > maxNameBytes:
		return fmt.Sprintf("has a name of %d bytes; the longest a computer holds is %d", len(name), maxNameBytes)
	}
	for _, r := range name {
		if r < ' ' || r == 0x7f {
			return fmt.Sprintf("has the control character %U in %q", r, name)
		}
		if strings.ContainsRune(`<>:"|?*`, r) {
			return fmt.Sprintf("has %q in %q, which Windows does not allow in names", r, name)
		}
		if inv, _ := vntext.Invisible(r); inv {
			return fmt.Sprintf("has an invisible character (%s) in %q", vntext.CharName(r), name)
		}
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return fmt.Sprintf("has %q, which ends in %q, which Windows drops", name, name[len(name)-1:])
	}
	if load.WindowsReserved(name) {
		return fmt.Sprintf("has %q, a name that Windows keeps for a device (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9)", name)
	}
	return ""
}

// native turns a checked path (slash-separated, relative to the site)
// into the name the os.Root's methods take on this system. The fs.FS of
// the root takes the slash-separated path itself.
func native(p string) string { return filepath.FromSlash(p) }

// errLink is the error of a path through a symbolic link.
var errLink = errors.New("symbolic link")

// noLinks checks each folder on the way to p, and p itself, and returns
// errLink when one is a symbolic link (or, on Windows, another kind of
// link: anything that is neither a folder nor a regular file), or the
// error of the first that is missing (fs.ErrNotExist). The os.Root keeps
// every access inside the site even if a link appears after this check;
// the check keeps the CMS from following a link inside the site, which
// ocop refuses too.
func (h *handler) noLinks(p string) error {
	parts := strings.Split(p, "/")
	for i := range parts {
		q := strings.Join(parts[:i+1], "/")
		info, err := h.root.Lstat(native(q))
		if err != nil {
			return err
		}
		last := i == len(parts)-1
		switch mode := info.Mode(); {
		case mode&fs.ModeSymlink != 0, mode&(fs.ModeDevice|fs.ModeNamedPipe|fs.ModeSocket|fs.ModeIrregular) != 0:
			return fmt.Errorf("%s: %w", q, errLink)
		case !last && !mode.IsDir():
			return fmt.Errorf("%s: %w", q, fs.ErrNotExist)
		}
	}
	return nil
}
