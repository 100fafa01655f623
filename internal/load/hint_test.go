package load

import (
	"slices"
	"strings"
	"testing"

	"github.com/hagiang-ocop/ocop/internal/diag"
)

func TestEditorHints(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"name: Mật ong: loại một\nkind: household\naddress: A\n", `p.yaml:1:14: YAML syntax: mapping values are not allowed in this context (a colon and a space inside a text? put the text in quotes; or a line indented more than the one above it?)`},
		{"name: A\n  kind: household\n", `p.yaml:2:7: YAML syntax: mapping values are not allowed in this context (a colon and a space inside a text? put the text in quotes; or a line indented more than the one above it?)`},
		{"name: {vi: Nắp gỗ, nắp tre, en: Lid}\nkind: household\naddress: A\n", `p.yaml:1:20: "nắp tre" in name is not one of the site's languages (vi, en, zh) (a comma inside a text in {…}? put the text in quotes)`},
		{"name: Mật ong loại #1 của Mèo Vạc\nkind: household\naddress: A\n", `p.yaml:1:7: warning: name stops at " #1 của Mèo Vạc": YAML takes " #" as the start of a comment; put the text in quotes to keep it whole`},
		{"name: A\nkind: household # a comment\naddress: A\n", ``},
		{"name: \"A\nkind: household\n", `p.yaml:1:7: YAML syntax: the quote " that opens this text is never closed: end the text with the same mark ("…")`},
		{"name: @Mèo Vạc\nkind: household\naddress: A\n", `p.yaml:1:7: YAML syntax: found character that cannot start any token (a text starting with @ or ` + "`" + `? put it in quotes)`},
		{"name: *Mật ong*\nkind: household\naddress: A\n", `p.yaml:1:9: YAML syntax: did not find expected alphabetic or numeric character (a text starting with * or &? put it in quotes) (while scanning an alias at line 1, column 7)`},
	} {
		var diags diag.List
		d := &decoder{file: "p.yaml", diags: &diags, langs: langs}
		decodeProducer(d, []byte(tc.yaml), "p", producerKind())
		var got []string
		for _, m := range diags {
			got = append(got, m.String())
		}
		if tc.want == "" {
			if len(got) > 0 {
				t.Errorf("%q: %q, want nothing", tc.yaml, got)
			}
			continue
		}
		if !slices.Contains(got, tc.want) {
			t.Errorf("%q:\n%s\nwant:\n%s", tc.yaml, strings.Join(got, "\n"), tc.want)
		}
	}
}
