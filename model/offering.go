package model

import (
	"fmt"
	"math"
	"strings"
)

// PurchaseOptions lists the purchase options in the order they are reported.
var PurchaseOptions = []string{PurchaseOnDemand, PurchaseCapacityBlock, PurchaseSavingsPlan, PurchaseReserved}

// Offering is one thing AWS sells: an instance type in a Region under one
// purchase option, at a rate with its source.
type Offering struct {
	// Option is the purchase option (on-demand, capacity-block, ...).
	Option string
	// USDPerHour is the list rate in USD per instance-hour, before any
	// discount the scenario states.
	USDPerHour float64
	// Source is where the rate comes from.
	Source Source
	// CapacityBlock is the Capacity Block offering (capacity-block only).
	CapacityBlock *CapacityBlockOffer
}

// Offer returns the offering of a purchase option in one Region's prices,
// and false when that option is not sold there. The empty option means
// on-demand. Capacity reservations and Savings Plans bill at the on-demand
// rate (less the scenario's discount), so they are sold exactly where
// on-demand is (https://aws.amazon.com/savingsplans/compute-pricing/,
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/capacity-reservation-pricing-billing.html).
func Offer(p InstancePrice, option string) (Offering, bool) {
	switch option {
	case "", PurchaseOnDemand, PurchaseSavingsPlan, PurchaseReserved:
		if option == "" {
			option = PurchaseOnDemand
		}
		if p.OnDemandUSDPerHour <= 0 {
			return Offering{Option: option}, false
		}
		return Offering{Option: option, USDPerHour: p.OnDemandUSDPerHour, Source: p.Source}, true
	case PurchaseCapacityBlock:
		if p.CapacityBlock == nil || p.CapacityBlock.USDPerHour <= 0 {
			return Offering{Option: option}, false
		}
		return Offering{Option: option, USDPerHour: p.CapacityBlock.USDPerHour, Source: p.CapacityBlock.Source, CapacityBlock: p.CapacityBlock}, true
	}
	return Offering{Option: option}, false
}

// OfferedOptions lists the purchase options sold in one Region's prices, in
// PurchaseOptions order.
func OfferedOptions(p InstancePrice) []string {
	var out []string
	for _, o := range PurchaseOptions {
		if _, ok := Offer(p, o); ok {
			out = append(out, o)
		}
	}
	return out
}

// InstanceHourlyUSD is the price of one instance-hour under a purchase option:
//
//	on-demand, capacity-reservation, savings-plan: on-demand rate × (1 − discount%/100)
//	capacity-block: the Capacity Block rate × (1 − discount%/100)
//
// An option that is not sold in the Region prices at 0 with an estimate
// source and a note saying so: nothing falls back to another option (the
// validator rejects such a scenario first). Savings Plans and reservations
// bill at a discount off the on-demand rate, so the scenario states the
// discount it negotiated or committed to.
func InstanceHourlyUSD(p InstancePrice, purchase Purchase) (usd float64, src Source, note string) {
	o, ok := Offer(p, purchase.Option)
	if !ok {
		return 0, Source{Confidence: ConfidenceEstimate}, fmt.Sprintf("not sold as %s in this Region", o.Option)
	}
	usd, src = o.USDPerHour, o.Source
	if cb := o.CapacityBlock; cb != nil {
		note = "Capacity Block rate"
		if cb.EffectiveOn != "" {
			note += " seen in effect on " + cb.EffectiveOn
		}
		note += "; reservation fee paid upfront when the block is bought; AWS's operating-system fee, billed apart, is not included (no public rate found)"
	}
	if purchase.DiscountPct > 0 {
		usd *= 1 - purchase.DiscountPct/100
		note = JoinNote(note, fmt.Sprintf("%g%% discount applied", purchase.DiscountPct))
	}
	return usd, src, note
}

// CapacityBlockSpan is how a run maps onto Capacity Blocks.
type CapacityBlockSpan struct {
	// DaysNeeded is the run's length rounded up to whole days.
	DaysNeeded int `json:"days_needed"`
	// Blocks is how many consecutive blocks (extensions) of at most
	// MaxDays cover the run.
	Blocks int `json:"blocks"`
	// BlockDays is the purchasable length of each block, in days, after
	// rounding DaysNeeded up to AWS's increments (1-day up to 14 days, 7-day
	// up to 182); the last block may be shorter.
	BlockDays []int `json:"block_days"`
	// BilledDays is the sum of BlockDays (≥ DaysNeeded).
	BilledDays int `json:"billed_days"`
}

// SpanCapacityBlocks splits a run of hours into purchasable Capacity Blocks:
// whole days, each block at most rules.MaxDays() long, each length rounded up
// to the increments AWS sells (1-day up to DailyIncrementUpToDays, 7-day up to
// WeeklyIncrementUpToDays). Zero rules give a zero span.
func SpanCapacityBlocks(hours float64, rules CapacityBlockRules) CapacityBlockSpan {
	maxDays := rules.MaxDays()
	if hours <= 0 || maxDays <= 0 {
		return CapacityBlockSpan{}
	}
	days := int(math.Ceil(hours/24 - 1e-9))
	sp := CapacityBlockSpan{DaysNeeded: days}
	for left := days; left > 0; {
		d := min(left, maxDays)
		if d > rules.DailyIncrementUpToDays {
			d = min(maxDays, int(math.Ceil(float64(d)/7))*7)
		}
		sp.BlockDays = append(sp.BlockDays, d)
		sp.BilledDays += d
		left -= d
	}
	sp.Blocks = len(sp.BlockDays)
	return sp
}

// LookupDXLocation finds a Direct Connect location by code, ignoring case
// (AWS spells codes both "EqFA5" and "EQFA5"); it returns the catalog's key.
func (c *Catalog) LookupDXLocation(code string) (DXLocation, string, bool) {
	if l, ok := c.DXLocations[code]; ok {
		return l, code, true
	}
	for k, l := range c.DXLocations {
		if strings.EqualFold(k, code) {
			return l, k, true
		}
	}
	return DXLocation{}, "", false
}

// S3StandardMonthlyUSD is the monthly price of gb GB in S3 Standard in a
// Region, tiered when the catalog has tiers (first-tier rate otherwise).
func S3StandardMonthlyUSD(r RegionPrices, gb float64) float64 {
	if len(r.S3StandardTiers) == 0 {
		return gb * r.S3StandardGBMonth.USD
	}
	usd := 0.0
	for _, tc := range TieredEgress(gb, 0, r.S3StandardTiers) {
		usd += tc.GB * tc.USDPerGB
	}
	return usd
}
