package goab

import (
	"strconv"
	"testing"
)

var sink uint64

// BenchmarkWork runs Work0 ... Work9, one sub-benchmark per amount of work.
func BenchmarkWork(b *testing.B) {
	for i := 0; i < 10; i++ {
		n := Steps(i)
		b.Run(strconv.Itoa(i), func(b *testing.B) {
			for j := 0; j < b.N; j++ {
				sink += spin(n)
			}
		})
	}
}
