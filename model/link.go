package model

import "math"

// SecondsPerMonth is HoursPerMonth (730) × 3600.
const SecondsPerMonth = HoursPerMonth * 3600

// DXUsableGbps is the TCP payload throughput of Direct Connect connections:
//
//	usable [Gbps] = port speed × connections × protocol efficiency
//
// The efficiency is payload over wire bytes (1460 / 1542 = 0.947 at a
// 1500-byte MTU with an 802.1Q tag; catalog dx_protocol_efficiency).
func DXUsableGbps(speedGbps float64, connections int, efficiency float64) float64 {
	return speedGbps * float64(max(0, connections)) * efficiency
}

// VPNActiveTunnels is how many of a Site-to-Site VPN's tunnels carry traffic
// at once: all of them on a Transit Gateway with ECMP, one per VPN connection
// (two tunnels) on a virtual private gateway, which does not spread traffic
// over tunnels (AWS Site-to-Site VPN and Transit Gateway user guides).
func VPNActiveTunnels(tunnels int, transitGateway bool) int {
	if tunnels <= 0 {
		return 0
	}
	if transitGateway {
		return tunnels
	}
	return (tunnels + 1) / 2
}

// VPNUsableGbps is the payload throughput of a Site-to-Site VPN:
//
//	usable [Gbps] = min(active tunnels × tunnel cap, uplink) × protocol efficiency
//
// tunnel cap is 1.25 Gbps (standard) or 5 Gbps (large, Transit Gateway only);
// uplinkGbps ≤ 0 means the on-prem uplink does not limit. The efficiency
// covers IPsec ESP and inner headers (catalog vpn_protocol_efficiency).
func VPNUsableGbps(activeTunnels int, tunnelCapGbps, uplinkGbps, efficiency float64) float64 {
	raw := float64(max(0, activeTunnels)) * tunnelCapGbps
	if uplinkGbps > 0 {
		raw = math.Min(raw, uplinkGbps)
	}
	return raw * efficiency
}

// TransferHours is the time to move sizeTB (1e12 bytes) at usableGbps:
//
//	t [h] = sizeTB × 8e12 bits / (usableGbps × 1e9) / 3600
//
// It is +Inf when there is no capacity.
func TransferHours(sizeTB, usableGbps float64) float64 {
	if usableGbps <= 0 {
		return math.Inf(1)
	}
	return sizeTB * 8e12 / (usableGbps * 1e9) / 3600
}

// RequiredLineRateGbps is the total line rate that moves sizeTB within
// windowHours at the given protocol efficiency:
//
//	rate [Gbps] = sizeTB × 8e12 / (window × 3600) / 1e9 / efficiency
func RequiredLineRateGbps(sizeTB, windowHours, efficiency float64) float64 {
	if windowHours <= 0 || efficiency <= 0 {
		return 0
	}
	return sizeTB * 8e12 / (windowHours * 3600) / 1e9 / efficiency
}

// MonthlyUtilisation is the steady-state share of a link's usable capacity
// that a monthly volume takes:
//
//	u = TB per month × 8e12 / (730 h × 3600 s) / (usableGbps × 1e9)
//
// It may exceed 1 (the volume does not fit); 0 without capacity or traffic.
func MonthlyUtilisation(tbPerMonth, usableGbps float64) float64 {
	if usableGbps <= 0 || tbPerMonth <= 0 {
		return 0
	}
	return tbPerMonth * 8e12 / SecondsPerMonth / (usableGbps * 1e9)
}

// NextPortSpeedGbps returns the smallest of speeds (ascending) that is at
// least needGbps, or 0 when none is.
func NextPortSpeedGbps(needGbps float64, speeds []float64) float64 {
	for _, s := range speeds {
		if s >= needGbps {
			return s
		}
	}
	return 0
}
