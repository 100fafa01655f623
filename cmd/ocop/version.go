package main

// releaseVersion is the tag of the release this ocop was built for, such
// as v1.2.0, and empty in any other build. The release (.goreleaser.yaml)
// sets it when it links the program:
//
//	go build -ldflags "-X main.releaseVersion=v1.2.0" ./cmd/ocop
//
// It is the one variable of the package, because the linker can set
// nothing else; nothing assigns it at run time. release_test.go checks
// that .goreleaser.yaml names it.
var releaseVersion string
