// Package ocop carries the built-in theme: the templates, interface
// strings and static files in this repository's templates/ and static/
// folders, compiled into the ocop binary. A site's own files of the same
// names take their place, so that this repository is both the generator
// and the Hà Giang catalogue that it builds.
package ocop

import (
	"embed"
	"io/fs"
)

//go:embed templates static
var theme embed.FS

// Theme returns the built-in theme, with templates/ and static/ at its root.
func Theme() fs.FS { return theme }
