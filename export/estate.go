package export

import (
	"slices"

	"github.com/topoplan/topoplan/model"
)

// This file holds the facts about the estate that more than one export
// reads (the template builds it, the diagram draws it, the report describes
// it), so that the three cannot disagree: which links land on the virtual
// private gateway, whether on-prem data moves into the VPC and from which
// sites, whether FSx is linked to S3, which clusters mount FSx.

// FSx ↔ S3 links the template builds (fsxRepository).
const (
	// fsxRepoDRA is an AWS::FSx::DataRepositoryAssociation (PERSISTENT_2).
	fsxRepoDRA = "data repository association"
	// fsxRepoImport is LustreConfiguration ImportPath / ExportPath (SCRATCH_2).
	fsxRepoImport = "import/export path"
)

// vgwLinks are the links attached through the virtual private gateway
// (every link not marked transit_gateway), in scenario order.
func (in Input) vgwLinks() []model.Link {
	var out []model.Link
	for _, l := range in.Scenario.Links {
		if !l.TransitGateway {
			out = append(out, l)
		}
	}
	return out
}

// tgwLinks are the links attached through a Transit Gateway, which the
// template leaves to an output.
func (in Input) tgwLinks() []model.Link {
	var out []model.Link
	for _, l := range in.Scenario.Links {
		if l.TransitGateway {
			out = append(out, l)
		}
	}
	return out
}

// dxOnVGW are the Direct Connect links on the virtual private gateway: they
// reach it through a Direct Connect gateway.
func (in Input) dxOnVGW() []model.Link {
	var out []model.Link
	for _, l := range in.vgwLinks() {
		if l.Type != model.LinkVPN {
			out = append(out, l)
		}
	}
	return out
}

// vgwSites are the sites with at least one link on the virtual private
// gateway, in scenario order.
func (in Input) vgwSites() []model.Site {
	linked := map[string]bool{}
	for _, l := range in.vgwLinks() {
		linked[l.Site] = true
	}
	var out []model.Site
	for _, s := range in.Scenario.Sites {
		if linked[s.Name] {
			out = append(out, s)
		}
	}
	return out
}

// inboundSites are the sites whose data the plan moves into AWS over a
// link on the virtual private gateway: sites holding data sets, or every
// linked site when the scenario has on-prem → AWS traffic.
func (in Input) inboundSites() []model.Site {
	var out []model.Site
	for _, s := range in.vgwSites() {
		if len(s.Datasets) > 0 || in.Scenario.Traffic.OnPremToAWSTB > 0 {
			out = append(out, s)
		}
	}
	return out
}

// outboundSites are the sites the plan sends data to from AWS (traffic
// aws_to_onprem_tb > 0) over a link on the virtual private gateway.
func (in Input) outboundSites() []model.Site {
	if in.Scenario.Traffic.AWSToOnPremTB <= 0 {
		return nil
	}
	return in.vgwSites()
}

// siteCIDRs lists the CIDRs of sites, deduplicated, in order.
func siteCIDRs(sites []model.Site) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range sites {
		for _, c := range s.CIDRs {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// s3InterfaceEndpoint reports whether the template builds an S3 interface
// endpoint for on-prem clients: the scenario lists s3 among its interface
// endpoints, or on-prem data lands in the S3 data lake over a private link
// (a gateway endpoint is not reachable from on-prem).
func (in Input) s3InterfaceEndpoint() bool {
	return slices.Contains(in.Scenario.AWS.InterfaceEndpoints, "s3") || in.Scenario.Storage.S3 != nil && len(in.inboundSites()) > 0
}

// fsxRepository is how the template links FSx for Lustre to the S3 data
// lake: a data repository association on PERSISTENT_2, import and export
// paths on SCRATCH_2, nothing otherwise (PERSISTENT_1 file systems keep
// automatic backups, which FSx does not take of S3-linked PERSISTENT_1).
func (in Input) fsxRepository() string {
	f := in.Scenario.Storage.FSxLustre
	if f == nil || in.Scenario.Storage.S3 == nil {
		return ""
	}
	switch f.DeploymentType {
	case model.FSxPersistent2:
		return fsxRepoDRA
	case model.FSxScratch2:
		return fsxRepoImport
	}
	return ""
}

// fsxClient reports whether a home cluster mounts the file system: training
// clusters do; with no training jobs, every home cluster does.
func (in Input) fsxClient(c model.Cluster) bool {
	if in.Scenario.Storage.FSxLustre == nil {
		return false
	}
	jobs := in.Scenario.Workloads.Training
	if len(jobs) == 0 {
		return true
	}
	for _, j := range jobs {
		if j.Cluster == c.Name {
			return true
		}
	}
	return false
}
