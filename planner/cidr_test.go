package planner

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"testing"
)

func mustPrefixes(t testing.TB, ss ...string) []netip.Prefix {
	t.Helper()
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

func prefixStrings(ps []netip.Prefix) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		if p.IsValid() {
			out[i] = p.String()
		}
	}
	return out
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name      string
		spaces    []string
		taken     []string
		req       []int
		want      []string // per request; "" = not placed
		wantFree  []string
		wantError bool
	}{
		{
			// Largest first: the /19 goes to .0.0, the /20 after it at 32.0,
			// the two /24s into the next free /20 (48.0), best fit.
			name:     "largest first in one /16",
			spaces:   []string{"10.64.0.0/16"},
			req:      []int{24, 19, 24, 20},
			want:     []string{"10.64.48.0/24", "10.64.0.0/19", "10.64.49.0/24", "10.64.32.0/20"},
			wantFree: []string{"10.64.50.0/23", "10.64.52.0/22", "10.64.56.0/21", "10.64.64.0/18", "10.64.128.0/17"},
		},
		{
			// An existing /24 at 10.0.0.0 forces the /23 to 10.0.2.0 and the
			// /24 request into the buddy 10.0.1.0.
			name:     "around an existing subnet",
			spaces:   []string{"10.0.0.0/22"},
			taken:    []string{"10.0.0.0/24"},
			req:      []int{23, 24},
			want:     []string{"10.0.2.0/23", "10.0.1.0/24"},
			wantFree: nil,
		},
		{
			// The primary /24 is full after its /24; the /25 spills to the secondary.
			name:     "secondary CIDR",
			spaces:   []string{"10.0.0.0/24", "100.64.0.0/24"},
			req:      []int{24, 25},
			want:     []string{"10.0.0.0/24", "100.64.0.0/25"},
			wantFree: []string{"100.64.0.128/25"},
		},
		{
			// Two adjacent /25 spaces merge into one /24 that can hold a /24.
			name:   "touching spaces merge",
			spaces: []string{"10.0.0.0/25", "10.0.0.128/25"},
			req:    []int{24},
			want:   []string{"10.0.0.0/24"},
		},
		{
			// 2 × /24 need 512 addresses; a /24 has 256: one is refused.
			name:      "does not fit",
			spaces:    []string{"10.0.0.0/24"},
			req:       []int{24, 24},
			want:      []string{"10.0.0.0/24", ""},
			wantError: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Allocate(mustPrefixes(t, tc.spaces...), mustPrefixes(t, tc.taken...), tc.req)
			var fe *FitError
			if tc.wantError != errors.As(err, &fe) {
				t.Fatalf("error = %v, want FitError %v", err, tc.wantError)
			}
			if fmt.Sprint(prefixStrings(got.Prefixes)) != fmt.Sprint(tc.want) {
				t.Errorf("prefixes = %v, want %v", prefixStrings(got.Prefixes), tc.want)
			}
			if fmt.Sprint(prefixStrings(got.Free)) != fmt.Sprint(tc.wantFree) && !tc.wantError {
				t.Errorf("free = %v, want %v", prefixStrings(got.Free), tc.wantFree)
			}
		})
	}
}

func TestSmallestEnclosingBits(t *testing.T) {
	tests := []struct {
		req  []int
		want int
	}{
		{[]int{24, 24}, 23},         // 256 + 256 = 512 = /23
		{[]int{24, 24, 28}, 22},     // 528 → next power of two 1024 = /22
		{[]int{19, 24, 24, 28}, 18}, // 8192 + 528 → 16384 = /18
		{[]int{16, 16}, 15},         // two /16s: more than one VPC CIDR can hold
		{nil, 32},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.req), func(t *testing.T) {
			if got := SmallestEnclosingBits(tc.req); got != tc.want {
				t.Errorf("SmallestEnclosingBits(%v) = /%d, want /%d", tc.req, got, tc.want)
			}
		})
	}
}

func TestAllocateRejectsBadInput(t *testing.T) {
	if _, err := Allocate(mustPrefixes(t, "2001:db8::/32"), nil, []int{40}); err == nil {
		t.Error("IPv6 space accepted")
	}
	if _, err := Allocate(mustPrefixes(t, "10.0.0.0/16"), nil, []int{33}); err == nil {
		t.Error("/33 request accepted")
	}
}

// oracleFits decides by exhaustive search whether every request can be
// placed at an aligned position inside free units of a region of 2^n units
// (unit = the smallest block, 2^(32−unitBits) addresses). free is a bitmask
// of usable units; reqUnits[i] is request i's size in units (a power of two).
func oracleFits(free uint64, nUnits int, reqUnits []int) bool {
	sorted := append([]int(nil), reqUnits...)
	sort.Sort(sort.Reverse(sort.IntSlice(sorted)))
	memo := map[[2]uint64]bool{}
	var try func(i int, used uint64) bool
	try = func(i int, used uint64) bool {
		if i == len(sorted) {
			return true
		}
		key := [2]uint64{uint64(i), used}
		if v, ok := memo[key]; ok {
			return v
		}
		size := sorted[i]
		ok := false
		for pos := 0; pos+size <= nUnits && !ok; pos += size {
			mask := (uint64(1)<<size - 1) << pos
			if free&mask == mask && used&mask == 0 {
				ok = try(i+1, used|mask)
			}
		}
		memo[key] = ok
		return ok
	}
	return try(0, 0)
}

// FuzzAllocate checks the allocator on random VPC-like spaces: it never
// panics, never returns overlapping blocks or blocks outside the spaces or on
// taken ground, accounts for every address, and refuses only when an
// exhaustive search finds no placement either.
//
// Layout: a region of 32 units, a /(B−1) block at a random address; units
// are /(B+4). Spaces, taken blocks and requests are random blocks of /(B−1)
// to /(B+4) inside the region.
func FuzzAllocate(f *testing.F) {
	f.Add(uint32(0x0a400000), uint8(16), []byte{0x00, 0x11, 0x23, 0x24, 0x25})
	f.Add(uint32(0x0a000000), uint8(24), []byte{0x05, 0x15, 0x20, 0x21, 0x22, 0x23, 0x24})
	f.Add(uint32(0xc0a80000), uint8(28), []byte{0x14, 0x33, 0x04, 0x00, 0x00, 0x05})
	f.Add(uint32(0), uint8(1), []byte{0x00, 0x20, 0x25, 0x25, 0x25, 0x25, 0x25, 0x25, 0x25})
	f.Fuzz(func(t *testing.T, base uint32, bRaw uint8, data []byte) {
		B := 1 + int(bRaw)%28 // B in 1..28, so B−1 ≥ 0 and B+4 ≤ 32
		regionBits, unitBits := B-1, B+4
		const nUnits = 32
		unitSize := uint64(1) << (32 - unitBits)
		regionStart := uint64(base) &^ (uint64(1)<<(32-regionBits) - 1)
		if regionBits == 0 {
			regionStart = 0
		}
		toPrefix := func(unit, bits int) netip.Prefix {
			return block{start: regionStart + uint64(unit)*unitSize, bits: bits}.prefix()
		}
		// Each byte: high 3 bits = kind (0–1 space, 2 taken, 3–7 request),
		// low 5 bits pick size and position.
		var spaces, taken []netip.Prefix
		var req []int
		var spaceMask, takenMask uint64
		for _, by := range data {
			if len(req) >= 8 {
				break
			}
			kind, v := by>>5, int(by&0x1f)
			sizeLog := v % 6 // 0..5 → block of 2^sizeLog units
			bits := unitBits - sizeLog
			units := 1 << sizeLog
			pos := (v / 6 * units * 7) % nUnits / units * units
			mask := (uint64(1)<<units - 1) << pos
			if units == nUnits {
				mask = 1<<nUnits - 1
			}
			switch {
			case kind <= 1:
				spaces = append(spaces, toPrefix(pos, bits))
				spaceMask |= mask
			case kind == 2:
				taken = append(taken, toPrefix(pos, bits))
				takenMask |= mask
			default:
				req = append(req, bits)
			}
		}
		if len(spaces) == 0 {
			spaces = append(spaces, toPrefix(0, regionBits))
			spaceMask = 1<<nUnits - 1
		}
		got, err := Allocate(spaces, taken, req)
		var fe *FitError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("unexpected error: %v", err)
		}
		// Invariants on what was placed.
		inSpace := func(p netip.Prefix) bool {
			for _, s := range merge(spans(spaces)) {
				ps := prefixSpan(p)
				if ps.lo >= s.lo && ps.hi <= s.hi {
					return true
				}
			}
			return false
		}
		placed := 0
		var covered uint64
		for i, p := range got.Prefixes {
			if !p.IsValid() {
				continue
			}
			placed++
			if p.Bits() != req[i] {
				t.Fatalf("request %d: got %v, want a /%d", i, p, req[i])
			}
			if p.Masked() != p {
				t.Fatalf("request %d: %v is not aligned", i, p)
			}
			if !inSpace(p) {
				t.Fatalf("request %d: %v is outside the spaces %v", i, p, spaces)
			}
			for _, tk := range taken {
				if p.Overlaps(tk) {
					t.Fatalf("request %d: %v overlaps taken %v", i, p, tk)
				}
			}
			for j, q := range got.Prefixes[:i] {
				if q.IsValid() && p.Overlaps(q) {
					t.Fatalf("requests %d and %d overlap: %v, %v", j, i, q, p)
				}
			}
			covered += uint64(1) << (32 - p.Bits())
		}
		for _, fr := range got.Free {
			if !inSpace(fr) {
				t.Fatalf("free block %v outside the spaces", fr)
			}
			for _, p := range append(append([]netip.Prefix{}, got.Prefixes...), taken...) {
				if p.IsValid() && fr.Overlaps(p) {
					t.Fatalf("free block %v overlaps %v", fr, p)
				}
			}
			covered += uint64(1) << (32 - fr.Bits())
		}
		// Every free address is either allocated or listed as free.
		freeMask := spaceMask &^ takenMask
		var freeAddrs uint64
		for u := 0; u < nUnits; u++ {
			if freeMask&(1<<u) != 0 {
				freeAddrs += unitSize
			}
		}
		if covered != freeAddrs {
			t.Fatalf("allocated + free = %d addresses, want %d", covered, freeAddrs)
		}
		// Refuse only when no placement exists.
		reqUnits := make([]int, len(req))
		for i, b := range req {
			reqUnits[i] = 1 << (unitBits - b)
		}
		fits := oracleFits(freeMask, nUnits, reqUnits)
		if fits && (err != nil || placed != len(req)) {
			t.Fatalf("refused %v in spaces %v around %v though a placement exists: %v", req, spaces, taken, err)
		}
		if !fits && err == nil {
			t.Fatalf("placed %v in spaces %v around %v though the oracle finds none", req, spaces, taken)
		}
	})
}

// BenchmarkAllocate500In8 allocates 500 subnets of mixed sizes (/18 to /28)
// in a /8; the target is under 10 ms per allocation.
func BenchmarkAllocate500In8(b *testing.B) {
	space := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	req := make([]int, 500)
	for i := range req {
		req[i] = 18 + i%11 // /18 … /28: 46 of each, about 3.7M of the 16.8M addresses
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Allocate(space, nil, req); err != nil {
			b.Fatal(err)
		}
	}
}
