package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/topoplan/topoplan/model"
	"github.com/topoplan/topoplan/planner"
)

func newCatalogCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Show the catalog of prices, specs and constants the planner uses",
	}
	var format string
	show := &cobra.Command{
		Use:   "show",
		Short: "Print every catalog figure with its source, date and confidence",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cat, err := g.catalog()
			if err != nil {
				return err
			}
			switch format {
			case "json":
				b, err := json.MarshalIndent(cat, "", "  ")
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(append(b, '\n'))
				return err
			case "table", "":
				writeCatalogTable(cmd.OutOrStdout(), cat)
				return nil
			}
			return &exitError{exitInvalid, fmt.Errorf("unknown format %q (want table or json)", format)}
		},
	}
	show.Flags().StringVarP(&format, "format", "f", "table", "output format: table or json")
	cmd.AddCommand(show, newCatalogRefreshCmd(g))
	return cmd
}

func writeCatalogTable(w io.Writer, cat *model.Catalog) {
	fmt.Fprintf(w, "Catalog %s (read %s)\n\nInstances\n", cat.Version, cat.ReadOn)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tACCELERATORS\tBF16 TFLOPS/ACC\tNETWORK GBPS\tEFA\tCARDS\tREGION\tON-DEMAND USD/H\tCONFIDENCE\tSOURCE")
	for _, name := range planner.InstanceTypes(cat) {
		in := cat.Instances[name]
		for _, r := range planner.SortedKeys(in.Prices) {
			p := in.Prices[r]
			fmt.Fprintf(tw, "%s\t%d × %s\t%g\t%g\t%v\t%d\t%s\t%g\t%s\t%s\n", name, in.AcceleratorCount, in.AcceleratorModel,
				in.PeakDenseBF16TFLOPS, in.NetworkGbps, in.EFA, in.NetworkCards, r, p.OnDemandUSDPerHour, p.Confidence, p.URL)
		}
	}
	tw.Flush()
	for _, r := range planner.SortedKeys(cat.Regions) {
		rp := cat.Regions[r]
		fmt.Fprintf(w, "\nRegion %s\n", r)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ITEM\tUSD\tUNIT\tCONFIDENCE\tREAD ON\tSOURCE")
		row := func(item string, p model.Price) {
			fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\t%s\n", item, p.USD, p.Unit, p.Confidence, p.ReadOn, p.URL)
		}
		for _, k := range planner.SortedKeys(rp.FSxLustre) {
			row("FSx for Lustre "+k, rp.FSxLustre[k])
		}
		for _, k := range planner.SortedKeys(rp.DXPortHour) {
			row("DX dedicated "+k+" Gbps port", rp.DXPortHour[k])
		}
		for _, k := range planner.SortedKeys(rp.DXHostedPortHour) {
			row("DX hosted "+k+" Gbps port", rp.DXHostedPortHour[k])
		}
		row("DX data transfer out", rp.DXDataTransferOut)
		row("VPN connection", rp.VPNConnectionHour)
		for _, t := range rp.InternetEgress {
			row(fmt.Sprintf("Internet egress up to %g TB", t.UpToTB), model.Price{USD: t.USDPerGB, Unit: "GB", Source: rp.InternetEgressSource})
		}
		row("Inter-AZ (each direction)", rp.InterAZ)
		row("Inter-region", rp.InterRegion)
		row("NAT gateway hour", rp.NATGatewayHour)
		row("NAT gateway GB", rp.NATGatewayGB)
		row("Interface endpoint hour (per AZ)", rp.InterfaceEndpointHour)
		row("Interface endpoint GB", rp.InterfaceEndpointGB)
		row("Transit Gateway attachment hour", rp.TransitGatewayAttachmentHour)
		row("Transit Gateway GB", rp.TransitGatewayGB)
		row("S3 Standard GB-month", rp.S3StandardGBMonth)
		tw.Flush()
	}
	fmt.Fprintln(w, "\nConstants")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tVALUE\tUNIT\tCONFIDENCE\tSOURCE")
	for _, k := range planner.SortedKeys(cat.Constants) {
		c := cat.Constants[k]
		fmt.Fprintf(tw, "%s\t%g\t%s\t%s\t%s\n", k, c.Value, c.Unit, c.Confidence, c.URL)
	}
	tw.Flush()
}
