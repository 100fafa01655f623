//go:build !unix

package write

// processAlive cannot tell on this system, so it says yes: the temporary
// folder of a build that may still run is kept.
func processAlive(pid int) bool { return true }
