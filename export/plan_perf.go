package export

import (
	"bytes"

	"github.com/topoplan/topoplan/model"
)

// writePerformanceText adds the training, link and storage sections to the
// eval table. (The performance model fills this in.)
func writePerformanceText(b *bytes.Buffer, p model.Plan) {}

// writePerformanceMarkdown adds the same sections to the Markdown plan.
func writePerformanceMarkdown(b *bytes.Buffer, p model.Plan) {}
