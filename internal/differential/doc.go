// Package differential holds the differential test of incremental builds
// (differential_test.go): it makes random sequences of the edits editors
// make to a site — products, photos, producers, stories, site.yaml,
// interface strings, templates, style sheets and the build date — and
// after each edit asserts that a build with the cache, and what ocop serve
// serves after the edit, are byte for byte a build from scratch.
//
// A fixed set of seeds runs with go test ./...; a longer run takes flags:
//
//	go test ./internal/differential -run Differential -edits 5000 -seed 1
//
// which makes that many edits in sequences of -steps edits (each from a
// fresh copy of the site), and prints how many of each kind it made.
package differential
