//go:build ignore

package goab

// Revision B: Work2, Work5 and Work8 do 10% more steps.  Never built in
// place (the build constraint above); bench/goab.sh copies it over
// revision.go, without that line, as the working tree's change.
var extra = [10]int{2: 10, 5: 10, 8: 10}
