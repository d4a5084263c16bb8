package goab

// Revision A, the base: no benchmark does extra work.
var extra = [10]int{}
