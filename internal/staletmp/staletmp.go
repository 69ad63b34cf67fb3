// Package staletmp removes the temporary files that a killed atomic write
// leaves next to its target.
//
// topoplan writes every file it replaces (a saved scenario, an export, the
// catalog refresh overlay, and their .bak copies) through a temporary file
// created next to it with os.CreateTemp(dir, ".NAME.tmp-*") and renamed over
// it. A process killed between the two leaves ".NAME.tmp-DIGITS" behind. Clean
// removes those on the next start, and nothing else: only that pattern, only
// for the names it is given, only files older than MinAge (a write in progress
// in another topoplan is younger), only regular files.
package staletmp

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// MinAge is how old a temporary file must be to be removed: older than any
// write in progress.
const MinAge = time.Minute

// Clean removes the stale temporary files of each target (a path topoplan
// writes): in the target's directory, the regular files named
// "."+NAME+".tmp-"+digits where NAME is the target's base name or that name
// with ".bak" or ".N.bak" (its backups), modified more than MinAge before now. It is best
// effort: a directory or file it cannot read or remove is left alone. It
// returns the paths it removed.
func Clean(now time.Time, targets ...string) []string {
	byDir := map[string]map[string]bool{}
	for _, t := range targets {
		if t == "" {
			continue
		}
		dir, base := filepath.Dir(t), filepath.Base(t)
		if byDir[dir] == nil {
			byDir[dir] = map[string]bool{}
		}
		byDir[dir][base] = true
		byDir[dir][base+".bak"] = true
	}
	var removed []string
	for dir, names := range byDir {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			name, ok := tempOf(e.Name())
			if !ok || !(names[name] || names[numberedBackupOf(name)]) || !e.Type().IsRegular() {
				continue
			}
			info, err := e.Info()
			if err != nil || now.Sub(info.ModTime()) <= MinAge {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if os.Remove(p) == nil {
				removed = append(removed, p)
			}
		}
	}
	return removed
}

// numberedBackupOf returns NAME for "NAME.N.bak" (the backup a TUI save
// makes when NAME.bak is not its own), "" otherwise.
func numberedBackupOf(file string) string {
	rest, ok := strings.CutSuffix(file, ".bak")
	if !ok {
		return ""
	}
	i := strings.LastIndexByte(rest, '.')
	if i <= 0 || i == len(rest)-1 {
		return ""
	}
	for _, r := range rest[i+1:] {
		if r < '0' || r > '9' {
			return ""
		}
	}
	return rest[:i]
}

// tempOf returns NAME when file is ".NAME.tmp-DIGITS", the name
// os.CreateTemp(dir, ".NAME.tmp-*") gives.
func tempOf(file string) (string, bool) {
	if !strings.HasPrefix(file, ".") {
		return "", false
	}
	i := strings.LastIndex(file, ".tmp-")
	if i <= 1 {
		return "", false
	}
	digits := file[i+len(".tmp-"):]
	if digits == "" {
		return "", false
	}
	for _, r := range digits {
		if r < '0' || r > '9' {
			return "", false
		}
	}
	return file[1:i], true
}
