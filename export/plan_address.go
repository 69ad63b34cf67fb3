package export

import (
	"bytes"

	"github.com/topoplan/topoplan/model"
)

// writeAddressText adds the subnet table to the eval table. (The subnet
// planner fills this in.)
func writeAddressText(b *bytes.Buffer, p model.Plan) {}

// writeAddressMarkdown adds the subnet table to the Markdown plan.
func writeAddressMarkdown(b *bytes.Buffer, p model.Plan) {}
