//go:build topoplan_aws

package main

import (
	"fmt"
	"io"
	"sync"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/topoplan/topoplan/planner/awsapi"
)

// progressUI shows a spinner, a bar and the pages and products read on a
// terminal; on anything else it does nothing.
type progressUI struct {
	prog *tea.Program
	done chan struct{}
	once sync.Once
}

type progressMsg awsapi.Progress

type progressDoneMsg struct{}

type progressModel struct {
	title string
	sp    spinner.Model
	bar   progress.Model
	p     awsapi.Progress
	done  bool
}

func (m progressModel) Init() tea.Cmd { return m.sp.Tick }

func (m progressModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case progressMsg:
		m.p = awsapi.Progress(msg)
		return m, nil
	case progressDoneMsg:
		m.done = true
		return m, tea.Quit
	case tea.WindowSizeMsg:
		m.bar.Width = min(40, max(10, msg.Width-60))
		return m, nil
	}
	var cmd tea.Cmd
	m.sp, cmd = m.sp.Update(msg)
	return m, cmd
}

func (m progressModel) View() string {
	if m.done {
		return ""
	}
	frac := 0.0
	if m.p.Steps > 0 {
		frac = float64(m.p.Step) / float64(m.p.Steps)
	}
	return fmt.Sprintf("%s %s %s %d/%d queries · %d pages · %d products\n  %s\n",
		m.sp.View(), m.title, m.bar.ViewAs(frac), m.p.Step, m.p.Steps, m.p.Pages, m.p.Products, m.p.Doing)
}

// startProgressModel builds the display's model.
func startProgressModel(title string) progressModel {
	return progressModel{title: title, sp: spinner.New(spinner.WithSpinner(spinner.Dot)), bar: progress.New(progress.WithDefaultGradient(), progress.WithWidth(30))}
}

// startProgress starts the display on w when w is a terminal. Ctrl-C is left
// to the process's signal handler (the program reads no keys and installs no
// handler), so the refresh's context sees it.
func startProgress(w io.Writer, title string) *progressUI {
	ui := &progressUI{}
	if !isTerminal(w) {
		return ui
	}
	ui.prog = tea.NewProgram(startProgressModel(title), tea.WithOutput(rawWriter(w).(io.Writer)), tea.WithInput(nil), tea.WithoutSignalHandler())
	ui.done = make(chan struct{})
	go func() {
		_, _ = ui.prog.Run()
		close(ui.done)
	}()
	return ui
}

// update forwards a progress report to the display.
func (ui *progressUI) update(p awsapi.Progress) {
	if ui.prog != nil {
		ui.prog.Send(progressMsg(p))
	}
}

// stop ends the display and waits until the terminal is restored.
func (ui *progressUI) stop() {
	if ui.prog == nil {
		return
	}
	ui.once.Do(func() {
		ui.prog.Send(progressDoneMsg{})
		<-ui.done
	})
}
