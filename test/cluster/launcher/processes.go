package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// component is one long-running process of the cluster.
type component struct {
	name string // also the pid and log file name
	bin  string // absolute path of the executable
	args []string
}

func pidFile(l *layout, name string) string { return l.data(name + ".pid") }
func logFile(l *layout, name string) string { return l.data("logs", name+".log") }

// start launches c detached with setsid (so a test runner that kills
// its process group or closes the terminal leaves the cluster alone), stdin
// from /dev/null and output to a log file (so nobody waiting for our stdout to
// close waits for the cluster).
func start(l *layout, c component) (int, error) {
	if err := os.MkdirAll(filepath.Dir(logFile(l, c.name)), 0o755); err != nil {
		return 0, err
	}
	out, err := os.OpenFile(logFile(l, c.name), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	cmd := exec.Command(c.bin, c.args...)
	cmd.Dir = l.dataDir
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start %s: %w", c.name, err)
	}
	pid := cmd.Process.Pid
	// Reap it if it dies while we are still around, so that liveness checks
	// during `up` do not see a zombie as running.
	go func() { _ = cmd.Wait() }()
	if err := os.WriteFile(pidFile(l, c.name), []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		return pid, err
	}
	return pid, nil
}

// runningPid returns the pid recorded for name if that process still runs
// and still is our binary: a pid file can outlive its process and the pid
// can be reused by anything else, which must never be signalled.
func runningPid(l *layout, name string) int {
	data, err := os.ReadFile(pidFile(l, name))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return 0
	}
	if !alive(pid) || !isBinary(pid, l.bin(name)) {
		return 0
	}
	return pid
}

// alive is false for exited processes, including zombies whose parent has
// not reaped them yet.
func alive(pid int) bool {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name, which may hold spaces.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 || i+2 >= len(stat) {
		return false
	}
	state := stat[i+2]
	return state != 'Z' && state != 'X'
}

func isBinary(pid int, bin string) bool {
	if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil {
		// A rebuild replaces the file under a running process.
		return strings.TrimSuffix(exe, " (deleted)") == bin
	}
	cmdline, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
	if err != nil {
		return false
	}
	argv0, _, _ := bytes.Cut(cmdline, []byte{0})
	return string(argv0) == bin
}

// stopAll sends SIGTERM to every recorded process, waits up to grace for
// them to exit and then SIGKILLs what is left. Pids are only ever taken from
// our pid files, never looked up by name.
func stopAll(l *layout, names []string, grace time.Duration) error {
	pids := map[string]int{}
	for _, n := range names {
		if pid := runningPid(l, n); pid != 0 {
			pids[n] = pid
			_ = syscall.Kill(pid, syscall.SIGTERM)
		}
	}
	deadline := time.Now().Add(grace)
	for len(pids) > 0 && time.Now().Before(deadline) {
		for n, pid := range pids {
			if !alive(pid) {
				delete(pids, n)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	for n, pid := range pids {
		progress("%s (pid %d) did not stop within %s, killing it", n, pid, grace)
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	deadline = time.Now().Add(5 * time.Second)
	for len(pids) > 0 && time.Now().Before(deadline) {
		for n, pid := range pids {
			if !alive(pid) {
				delete(pids, n)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(pids) > 0 {
		return fmt.Errorf("processes still running after SIGKILL: %v", pids)
	}
	for _, n := range names {
		_ = os.Remove(pidFile(l, n))
	}
	return nil
}

// logTail helps explain a failed start without sending the user digging.
func logTail(l *layout, name string, lines int) string {
	data, err := os.ReadFile(logFile(l, name))
	if err != nil {
		return ""
	}
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}
