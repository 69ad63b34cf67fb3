package planner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/topoplan/topoplan/model"
)

// optionNames are the purchase options as an architect reads them.
var optionNames = map[string]string{
	model.PurchaseOnDemand:      "on-demand",
	model.PurchaseCapacityBlock: "as a Capacity Block",
	model.PurchaseSavingsPlan:   "under a Savings Plan",
	model.PurchaseReserved:      "as a capacity reservation",
}

// Sold reports whether the catalog says AWS sells instance type it in region
// under the purchase option ("" = on-demand).
func Sold(cat *model.Catalog, it, region, option string) bool {
	inst, ok := cat.Instances[it]
	if !ok {
		return false
	}
	p, ok := inst.Prices[region]
	if !ok {
		return false
	}
	_, ok = model.Offer(p, option)
	return ok
}

// HasOffering reports whether the catalog records any priced offering of an
// instance type, in any Region and under any purchase option. A type without
// one (e.g. trn2u.48xlarge) has sourced specs but is unpriced: it cannot be
// validated into a plan or proposed by optimize until an overlay prices it.
func HasOffering(inst model.Instance) bool {
	for _, p := range inst.Prices {
		if len(model.OfferedOptions(p)) > 0 {
			return true
		}
	}
	return false
}

// WhereSold says, in one sentence, what the catalog records AWS selling of
// an instance type: "trn2.48xlarge is sold only as a Capacity Block, in
// us-east-2", or "p5.48xlarge is sold on-demand in ap-northeast-1, …; as a
// Capacity Block in …". Options sold wherever on-demand is (Savings Plans,
// capacity reservations) are not listed separately.
func WhereSold(cat *model.Catalog, it string) string {
	inst, ok := cat.Instances[it]
	if !ok {
		return it + " is not in the catalog"
	}
	byOption := map[string][]string{}
	for _, r := range SortedKeys(inst.Prices) {
		for _, o := range model.OfferedOptions(inst.Prices[r]) {
			where := r
			if cb := inst.Prices[r].CapacityBlock; o == model.PurchaseCapacityBlock && cb != nil && cb.Location != "" {
				where += " (Local Zone " + cb.Location + ")"
			}
			byOption[o] = append(byOption[o], where)
		}
	}
	var parts []string
	for _, o := range []string{model.PurchaseOnDemand, model.PurchaseCapacityBlock} {
		if rs := byOption[o]; len(rs) > 0 {
			parts = append(parts, fmt.Sprintf("%s in %s", optionNames[o], strings.Join(rs, ", ")))
		}
	}
	switch len(parts) {
	case 0:
		return it + " has no priced offering in the catalog: its specs are sourced, but no public price or purchase option for it was found (add one with a --catalog overlay, e.g. a quote)"
	case 1:
		return it + " is sold only " + strings.Replace(parts[0], " in ", ", in ", 1)
	}
	return it + " is sold " + strings.Join(parts, "; ")
}

// offering checks a cluster's (instance type, Region, purchase option)
// against what the catalog records AWS selling, and the Capacity Block
// purchase rules; nothing falls back to another option.
func (v *validator) offering(p string, c model.Cluster, region string) {
	inst := v.cat.Instances[c.InstanceType]
	option := c.Purchase.Option
	if option == "" {
		option = model.PurchaseOnDemand
	}
	if !slices.Contains(model.PurchaseOptions, option) {
		return // the enum check reports it
	}
	path := p + ".purchase.option"
	if c.Purchase.Option == "" {
		path = p + ".instance_type"
	}
	if !Sold(v.cat, c.InstanceType, region, option) {
		msg := fmt.Sprintf("%s is not sold %s in %s: %s", c.InstanceType, optionNames[option], region, WhereSold(v.cat, c.InstanceType))
		if p, ok := inst.Prices[region]; ok {
			if opts := model.OfferedOptions(p); len(opts) > 0 {
				msg += fmt.Sprintf("; in %s choose purchase.option %s", region, strings.Join(opts, " or "))
			}
		}
		v.errorf(path, "%s", msg)
		return
	}
	if option != model.PurchaseCapacityBlock {
		return
	}
	rules := v.cat.CapacityBlocks
	if rules.MaxInstancesTotal > 0 && c.Nodes > rules.MaxInstancesTotal {
		v.errorf(p+".nodes", "%d nodes exceeds the %d instances one account may hold across Capacity Blocks (%s)", c.Nodes, rules.MaxInstancesTotal, rules.URL)
	} else if rules.MaxInstancesPerBlock > 0 && c.Nodes > rules.MaxInstancesPerBlock {
		blocks := (c.Nodes + rules.MaxInstancesPerBlock - 1) / rules.MaxInstancesPerBlock
		v.warnf(p+".nodes", "a Capacity Block holds at most %d instances: %d nodes need %d blocks bought side by side, which AWS does not guarantee to place in one placement group (%s)",
			rules.MaxInstancesPerBlock, c.Nodes, blocks, rules.URL)
	}
	if cb := inst.Prices[region].CapacityBlock; cb != nil && cb.UltraServer != "" && cb.NodesPerUnit > 1 && c.Nodes%cb.NodesPerUnit != 0 {
		v.errorf(p+".nodes", "%s is bought as %s UltraServers of %d instances: use a multiple of %d nodes", c.InstanceType, cb.UltraServer, cb.NodesPerUnit, cb.NodesPerUnit)
	}
}

// dxLocation checks a Direct Connect link's location against the catalog's
// DX locations: an unknown location cannot be priced (port country, data
// transfer out), and a dedicated port speed the location does not offer
// cannot be bought.
func (v *validator) dxLocation(p string, l model.Link) {
	if l.Type != model.LinkDXDedicated && l.Type != model.LinkDXHosted {
		return
	}
	if l.Location == "" {
		v.warnf(p+".location", "no Direct Connect location: port-hours are priced at the outside-Japan rate and data transfer out cannot be priced (give a location code, e.g. EqDC2 or EQTY2)")
		return
	}
	loc, _, ok := v.cat.LookupDXLocation(l.Location)
	if !ok {
		codes := SortedKeys(v.cat.DXLocations)
		msg := fmt.Sprintf("Direct Connect location %q is not in the catalog, so its port rate and data transfer out cannot be priced", l.Location)
		if s := suggest(strings.ToUpper(l.Location), codes); s != "" {
			msg += fmt.Sprintf("; did you mean %s?", s)
		}
		v.warnf(p+".location", "%s", msg)
		return
	}
	if l.Type == model.LinkDXDedicated && len(loc.PortSpeedsGbps) > 0 {
		speed := fmt.Sprintf("%g", l.SpeedGbps)
		if !slices.Contains(loc.PortSpeedsGbps, speed) {
			v.errorf(p+".speed_gbps", "%s (%s) sells dedicated ports of %s Gbps, not %s Gbps", l.Location, loc.Name, strings.Join(loc.PortSpeedsGbps, ", "), speed)
		}
	}
}
