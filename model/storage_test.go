package model

import "testing"

func TestFSxSizing(t *testing.T) {
	const efaMinGiB = 4800 // 4.6875 TiB × 1024 (catalog fsx_persistent2_efa_min_tib)
	p2 := FSxLustre{DeploymentType: FSxPersistent2, StorageType: "SSD", ThroughputMBpsPerTiB: 250}
	efa := p2
	efa.EFAEnabled = true
	hdd := FSxLustre{DeploymentType: FSxPersistent1, StorageType: "HDD", ThroughputMBpsPerTiB: 12}
	tests := []struct {
		name  string
		f     FSxLustre
		tib   float64
		valid bool
		up    float64
	}{
		{"SSD 1.2", p2, 1.2, true, 1.2},
		{"SSD 2.4", p2, 2.4, true, 2.4},
		{"SSD 3.6 is off the 2.4 step", p2, 3.6, false, 4.8},
		{"SSD 48", p2, 48, true, 48},
		{"SSD below minimum", p2, 0.6, false, 1.2},
		// EFA at 250 MB/s/TiB: 4800 × 1000 / 250 = 19,200 GiB = 19.2 TiB steps.
		{"EFA 19.2", efa, 19.2, true, 19.2},
		{"EFA 48 is off the 19.2 step", efa, 48, false, 57.6},
		{"EFA below minimum", efa, 9.6, false, 19.2},
		// HDD at 12 MB/s/TiB: 6.0 TiB steps.
		{"HDD 12", hdd, 12, true, 12},
		{"HDD 9", hdd, 9, false, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z := FSxSizingFor(tt.f, efaMinGiB)
			if got := z.Valid(tt.tib); got != tt.valid {
				t.Errorf("Valid(%g) = %v, want %v (%+v)", tt.tib, got, tt.valid, z)
			}
			if got := z.RoundUp(tt.tib); !near(got, tt.up) {
				t.Errorf("RoundUp(%g) = %g, want %g", tt.tib, got, tt.up)
			}
		})
	}
}

func TestFSxThroughputAndIngest(t *testing.T) {
	// FSx for Lustre performance page: 4.8 TiB × 50 MB/s/TiB = 240 MB/s.
	if got := FSxThroughputGBytesPerS(4.8, 50); !near(got, 0.24) {
		t.Errorf("throughput %g, want 0.24", got)
	}
	// 48 TiB × 250 = 12,000 MB/s = 12 GB/s.
	if got := FSxThroughputGBytesPerS(48, 250); !near(got, 12) {
		t.Errorf("throughput %g, want 12", got)
	}
	// 500,000 tokens/s × 2 bytes = 1 MB/s = 0.001 GB/s.
	if got := IngestGBytesPerS(500000, 2); !near(got, 0.001) {
		t.Errorf("ingest %g", got)
	}
	// Image training: 10,000 samples/s × 110 kB expressed per "token" = 1.1 GB/s.
	if got := IngestGBytesPerS(10000, 110000); !near(got, 1.1) {
		t.Errorf("ingest %g", got)
	}
	tests := []struct{ demand, supply, want float64 }{
		{1, 2, 0},    // storage faster than GPUs
		{4, 1, 0.75}, // 1 − 1/4
		{0, 1, 0},    // no demand
		{1, 0, 1},    // no storage
	}
	for _, tt := range tests {
		got := StorageIdleFraction(tt.demand, tt.supply)
		if !near(got, tt.want) || got < 0 || got > 1 {
			t.Errorf("idle(%g, %g) = %g, want %g", tt.demand, tt.supply, got, tt.want)
		}
	}
	// 200 TB at 12 GB/s: 200,000 GB / 12 / 3600 = 4.6296 h.
	if got := HydrationHours(200, 12); !near(got, 200000.0/12/3600) {
		t.Errorf("hydration %g", got)
	}
	// 48 TiB (48,000 GiB) = 48,000 × 2^30 / 1e12 = 51.54 TB.
	if got := TiBToTB(48); !near(got, 48000*1.073741824/1000) {
		t.Errorf("TiBToTB %g", got)
	}
}

func TestCheckpoint(t *testing.T) {
	// 70e9 × 16 bytes = 1.12e12 bytes; at 12 GB/s = 93.33 s.
	b := CheckpointBytes(70e9, 16)
	if !near(b, 1.12e12) {
		t.Errorf("size %g", b)
	}
	w := CheckpointWriteSeconds(b, 12)
	if !near(w, 1.12e12/12e9) {
		t.Errorf("write %g", w)
	}
	// 93.33 s every 3600 s: 93.33 / 3693.33 = 2.527%.
	if got := CheckpointOverheadFraction(w, 3600); !near(got, w/(3600+w)) || got <= 0 || got > 1 {
		t.Errorf("overhead %g", got)
	}
	if CheckpointOverheadFraction(w, 0) != 0 {
		t.Error("no interval must give no overhead")
	}
}
