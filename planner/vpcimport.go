package planner

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/topoplan/topoplan/model"
)

// VPCImport is an existing VPC's address space, as `topoplan import vpc`
// reads it, to be written into a scenario's aws section.
type VPCImport struct {
	// ID is the VPC ID, recorded in a comment.
	ID string
	// Region is the VPC's region.
	Region string
	// ReadOn is the date of the read (YYYY-MM-DD), recorded in a comment.
	ReadOn string
	// CIDR is the primary IPv4 CIDR.
	CIDR string
	// SecondaryCIDRs are the other associated IPv4 CIDRs.
	SecondaryCIDRs []string
	// Subnets are the subnets that already exist.
	Subnets []model.ExistingSubnet
}

// ApplyVPCImport sets aws.region (when empty), aws.vpc_cidr,
// aws.secondary_cidrs and aws.existing_subnets in the scenario YAML and
// returns the new text. It edits the YAML node tree, so comments, key order
// and every other field survive; file names the scenario in errors. The
// result is parsed again before it is returned, so a scenario that would no
// longer load is an error, not a write.
func ApplyVPCImport(file string, data []byte, imp VPCImport) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, Diagnostics{syntaxDiagnostic(file, err)}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: the scenario must be a YAML mapping", file)
	}
	awsNode := yamlValue(root.Content[0], "aws")
	if awsNode == nil {
		awsNode = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		appendYAMLKey(root.Content[0], "aws", awsNode)
	}
	if awsNode.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: aws: want a mapping", file, awsNode.Line, awsNode.Column)
	}
	if r := yamlValue(awsNode, "region"); r == nil || r.Value == "" {
		setYAMLScalar(awsNode, "region", imp.Region)
	} else if r.Value != imp.Region {
		return nil, fmt.Errorf("%s:%d:%d: aws.region: the scenario is in %s but VPC %s was read in %s", file, r.Line, r.Column, r.Value, imp.ID, imp.Region)
	}
	setYAMLScalar(awsNode, "vpc_cidr", imp.CIDR)
	sec := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, c := range imp.SecondaryCIDRs {
		sec.Content = append(sec.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: c})
	}
	setYAMLNode(awsNode, "secondary_cidrs", sec, len(sec.Content) == 0, "vpc_cidr")
	subs := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
	for _, s := range imp.Subnets {
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		for _, kv := range [][2]string{{"name", s.Name}, {"cidr", s.CIDR}, {"az", s.AZ}, {"id", s.ID}} {
			if kv[1] == "" {
				continue
			}
			m.Content = append(m.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kv[0]},
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: kv[1]})
		}
		subs.Content = append(subs.Content, m)
	}
	setYAMLNode(awsNode, "existing_subnets", subs, len(subs.Content) == 0, "secondary_cidrs", "vpc_cidr")
	if k := yamlKey(awsNode, "vpc_cidr"); k != nil {
		k.HeadComment = fmt.Sprintf("VPC %s (%s): CIDRs and subnets imported by `topoplan import vpc` on %s", imp.ID, imp.Region, imp.ReadOn)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if _, err := Parse(file, buf.Bytes()); err != nil {
		return nil, fmt.Errorf("%s: the imported VPC would make the scenario invalid: %w", file, err)
	}
	return buf.Bytes(), nil
}

func yamlKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i]
		}
	}
	return nil
}

func yamlValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func appendYAMLKey(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// setYAMLScalar sets key to a string scalar, keeping the key's comments.
func setYAMLScalar(m *yaml.Node, key, value string) {
	setYAMLNode(m, key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value}, false)
}

// setYAMLNode replaces key's value (keeping the old value's line comment), adds
// the key when absent (after the first of the keys in after that exists, else
// at the end), or removes it when remove is set.
func setYAMLNode(m *yaml.Node, key string, v *yaml.Node, remove bool, after ...string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			if remove {
				m.Content = append(m.Content[:i], m.Content[i+2:]...)
				return
			}
			v.LineComment = m.Content[i+1].LineComment
			m.Content[i+1] = v
			return
		}
	}
	if remove {
		return
	}
	for _, a := range after {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == a {
				k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}
				m.Content = append(m.Content[:i+2], append([]*yaml.Node{k, v}, m.Content[i+2:]...)...)
				return
			}
		}
	}
	appendYAMLKey(m, key, v)
}
