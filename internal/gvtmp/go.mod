module cache.topoplan.internal/gvtmp

go 1.26
