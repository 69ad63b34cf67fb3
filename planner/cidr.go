package planner

import (
	"fmt"
	"math/bits"
	"net/netip"
	"sort"
)

// CIDR allocation: place power-of-two IPv4 blocks in one or more address
// spaces (a VPC's primary and secondary CIDRs) around blocks already taken
// (existing subnets), aligned, without overlap.
//
// Method: requests are placed largest first; each goes into the smallest
// free aligned block that can hold it (lowest address on a tie), which is
// split buddy-style. Because every size is a power of two and every block is
// aligned to its size, free space stays a set of aligned blocks and this
// greedy never refuses a set of requests that some placement could fit
// (divisible sizes; FuzzAllocate checks it against an exhaustive search).

// Allocation is the result of Allocate.
type Allocation struct {
	// Prefixes holds each request's block, by request index; the zero Prefix
	// (IsValid false) marks a request that did not fit.
	Prefixes []netip.Prefix
	// Free is the space left over, as the fewest aligned CIDR blocks, in
	// address order.
	Free []netip.Prefix
}

// FitError says that some requests did not fit, and by how much.
type FitError struct {
	// Unplaced are the indexes of the requests that did not fit.
	Unplaced []int
	// NeededAddresses is the sum of every request's block size.
	NeededAddresses uint64
	// FreeAddresses is the space available before allocation (spaces minus taken).
	FreeAddresses uint64
	// LargestFree is the size in addresses of the largest free aligned block
	// before allocation.
	LargestFree uint64
}

func (e *FitError) Error() string {
	return fmt.Sprintf("%d of the requested blocks do not fit: they need %d addresses in aligned blocks, %d are free (largest free block %d)",
		len(e.Unplaced), e.NeededAddresses, e.FreeAddresses, e.LargestFree)
}

// block is an aligned IPv4 block: start is a multiple of its size 2^(32−bits).
type block struct {
	start uint64
	bits  int
}

func (b block) size() uint64 { return 1 << (32 - b.bits) }

func (b block) prefix() netip.Prefix {
	s := uint32(b.start)
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(s >> 24), byte(s >> 16), byte(s >> 8), byte(s)}), b.bits)
}

// span is a half-open address range [lo, hi).
type span struct{ lo, hi uint64 }

func prefixSpan(p netip.Prefix) span {
	a := p.Masked().Addr().As4()
	lo := uint64(a[0])<<24 | uint64(a[1])<<16 | uint64(a[2])<<8 | uint64(a[3])
	return span{lo, lo + 1<<(32-p.Bits())}
}

// Allocate places one block of each requested prefix length (reqBits[i],
// 0–32) in spaces, avoiding taken. Spaces and taken must be IPv4 prefixes;
// overlapping spaces are merged, and the parts of taken outside every space
// are ignored. It returns every placement it could make; the error is a
// *FitError when some request did not fit.
func Allocate(spaces, taken []netip.Prefix, reqBits []int) (Allocation, error) {
	for _, p := range append(append([]netip.Prefix{}, spaces...), taken...) {
		if !p.IsValid() || !p.Addr().Is4() {
			return Allocation{}, fmt.Errorf("allocate: %v is not an IPv4 prefix", p)
		}
	}
	for i, b := range reqBits {
		if b < 0 || b > 32 {
			return Allocation{}, fmt.Errorf("allocate: request %d: prefix length /%d is outside /0-/32", i, b)
		}
	}
	free := decompose(subtract(merge(spans(spaces)), merge(spans(taken))))
	var freeAddrs, largest uint64
	for _, b := range free {
		freeAddrs += b.size()
		largest = max(largest, b.size())
	}
	order := make([]int, len(reqBits))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return reqBits[order[a]] < reqBits[order[b]] })

	out := Allocation{Prefixes: make([]netip.Prefix, len(reqBits))}
	var unplaced []int
	var needed uint64
	for _, i := range order {
		want := reqBits[i]
		needed += 1 << (32 - want)
		best := -1
		for j, b := range free {
			if b.bits > want {
				continue
			}
			if best < 0 || b.bits > free[best].bits || (b.bits == free[best].bits && b.start < free[best].start) {
				best = j
			}
		}
		if best < 0 {
			unplaced = append(unplaced, i)
			continue
		}
		b := free[best]
		free[best] = free[len(free)-1]
		free = free[:len(free)-1]
		// Split: keep the first 2^(32−want) addresses, free each upper buddy.
		for k := want; k > b.bits; k-- {
			free = append(free, block{start: b.start + 1<<(32-k), bits: k})
		}
		out.Prefixes[i] = block{start: b.start, bits: want}.prefix()
	}
	rest := make([]span, len(free))
	for i, b := range free {
		rest[i] = span{b.start, b.start + b.size()}
	}
	for _, b := range decompose(merge(rest)) {
		out.Free = append(out.Free, b.prefix())
	}
	if len(unplaced) > 0 {
		sort.Ints(unplaced)
		return out, &FitError{Unplaced: unplaced, NeededAddresses: needed, FreeAddresses: freeAddrs, LargestFree: largest}
	}
	return out, nil
}

// SmallestEnclosingBits is the longest prefix length p such that one /p
// block holds every requested block: since the sizes are powers of two,
// that is the smallest power of two ≥ their sum. It may be below 16 (more
// than any VPC CIDR holds); for no requests it is 32.
func SmallestEnclosingBits(reqBits []int) int {
	var sum uint64
	for _, b := range reqBits {
		if b >= 0 && b <= 32 {
			sum += 1 << (32 - b)
		}
	}
	if sum <= 1 {
		return 32
	}
	return 32 - (64 - bits.LeadingZeros64(sum-1))
}

func spans(ps []netip.Prefix) []span {
	out := make([]span, 0, len(ps))
	for _, p := range ps {
		out = append(out, prefixSpan(p))
	}
	return out
}

// merge sorts spans and joins overlapping or touching ones.
func merge(in []span) []span {
	s := append([]span(nil), in...)
	sort.Slice(s, func(i, j int) bool { return s[i].lo < s[j].lo })
	var out []span
	for _, x := range s {
		if n := len(out); n > 0 && x.lo <= out[n-1].hi {
			out[n-1].hi = max(out[n-1].hi, x.hi)
			continue
		}
		out = append(out, x)
	}
	return out
}

// subtract removes the merged spans cut from the merged spans from.
func subtract(from, cut []span) []span {
	var out []span
	for _, f := range from {
		lo := f.lo
		for _, c := range cut {
			if c.hi <= lo || c.lo >= f.hi {
				continue
			}
			if c.lo > lo {
				out = append(out, span{lo, c.lo})
			}
			lo = max(lo, c.hi)
		}
		if lo < f.hi {
			out = append(out, span{lo, f.hi})
		}
	}
	return out
}

// decompose splits each span into the fewest aligned blocks, in address order.
func decompose(ss []span) []block {
	var out []block
	for _, s := range ss {
		lo := s.lo
		for lo < s.hi {
			// Largest aligned block starting at lo that stays inside the span.
			size := uint64(1) << 32
			if lo != 0 {
				size = lo & -lo
			}
			for size > s.hi-lo {
				size >>= 1
			}
			out = append(out, block{start: lo, bits: 32 - (63 - bits.LeadingZeros64(size))})
			lo += size
		}
	}
	return out
}
