package tui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
)

// newTextInput is every text field of the TUI (editor value, save-as and
// export names, search): a static cursor, the prompt and a rune limit.
//
// Delete-word-forward (alt+d, alt+delete) is switched off: bubbles v1.0.0's
// deleteWordForward indexes past the value when the cursor sits on the last
// character (textinput.go:450, "index out of range"), and Esc followed
// quickly by d arrives as alt+d (reliability review F1). ctrl+k still
// deletes to the end of the field.
func newTextInput(prompt string, limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.CharLimit = limit
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.KeyMap.DeleteWordForward = key.NewBinding(key.WithDisabled())
	return ti
}
