module example.com/goab

go 1.19
