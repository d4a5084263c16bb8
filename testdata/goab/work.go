// Package goab is the real A/B of `make soundness` (bench/goab.sh): ten
// benchmarks, each a fixed amount of CPU work, and a second revision
// (revision_b.go) in which three of them do 10% more.
package goab

// spin runs n steps of xorshift64: each step needs the one before, so
// the compiler can neither drop nor overlap them, and the time is the
// work.
func spin(n int) uint64 {
	x := uint64(88172645463325252)
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// Steps is benchmark i's work: 4,000 to 13,000 steps (a few to a dozen
// microseconds), plus the revision's extra percent.
func Steps(i int) int {
	base := 4000 + 1000*i
	return base * (100 + extra[i]) / 100
}
