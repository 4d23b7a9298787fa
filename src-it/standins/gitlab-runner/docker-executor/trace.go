package main

// The job log as gitlab-runner writes it: every line stamped
// "<RFC3339 UTC, microseconds>Z <stream id, 2 hex digits><O|E><' '|'+'>"
// (FF_TIMESTAMPS, on by default since 18.x), masked values replaced by
// [MASKED], log levels coloured with the runner's ANSI codes. The log is sent
// to GitLab with PATCH /jobs/:id/trace (Content-Range) as it grows.

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"
)

const (
	ansiBoldRed   = "\033[31;1m"
	ansiBoldGreen = "\033[32;1m"
	ansiBoldCyan  = "\033[36;1m"
	ansiYellow    = "\033[0;33m"
	ansiReset     = "\033[0;m"
	ansiClear     = "\033[0K"
)

type jobLog struct {
	mu      sync.Mutex
	data    []byte
	masks   []string
	streams map[string]*stamper
}

type stamper struct {
	id, typ byte
	partial bool
	buf     []byte
	cont    bool
}

func newJobLog(masks []string) *jobLog {
	var m []string
	for _, s := range masks {
		if s != "" {
			m = append(m, s)
		}
	}
	return &jobLog{masks: m, streams: map[string]*stamper{}}
}

func (l *jobLog) snapshot() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]byte(nil), l.data...)
}

func (l *jobLog) header(s *stamper) []byte {
	t := time.Now().UTC()
	flag := byte(' ')
	if s.cont {
		flag = '+'
	}
	s.cont = false
	return []byte(fmt.Sprintf("%s.%06dZ %02x%c%c", t.Format("2006-01-02T15:04:05"), t.Nanosecond()/1000, s.id, s.typ, flag))
}

// write appends p to stream (id, O|E).
func (l *jobLog) write(id byte, typ byte, p []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range l.masks {
		p = bytes.ReplaceAll(p, []byte(m), []byte("[MASKED]"))
	}
	key := fmt.Sprintf("%d%c", id, typ)
	s := l.streams[key]
	if s == nil {
		s = &stamper{id: id, typ: typ}
		l.streams[key] = s
	}
	// complete lines
	for {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			break
		}
		if len(s.buf) > 0 {
			l.data = append(l.data, s.buf...)
			s.buf = nil
		} else {
			l.data = append(l.data, l.header(s)...)
		}
		l.data = append(l.data, p[:i+1]...)
		p = p[i+1:]
	}
	if len(p) == 0 {
		return
	}
	// a carriage return without a newline (progress output, section
	// markers) is flushed as an entry of its own; what follows continues it
	if bytes.IndexByte(p, '\r') >= 0 {
		if len(s.buf) > 0 {
			l.data = append(l.data, s.buf...)
			s.buf = nil
		} else {
			l.data = append(l.data, l.header(s)...)
		}
		l.data = append(l.data, p...)
		l.data = append(l.data, '\n')
		s.cont = true
		return
	}
	if len(s.buf) == 0 {
		s.buf = append(s.buf, l.header(s)...)
	}
	s.buf = append(s.buf, p...)
}

func (l *jobLog) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range l.streams {
		if len(s.buf) > 0 {
			l.data = append(l.data, s.buf...)
			l.data = append(l.data, '\n')
			s.buf = nil
		}
	}
}

// the build logger's levels (common/buildlogger/internal/tee.go): arguments
// joined like fmt.Sprintln, then ANSI reset and a newline.
func (l *jobLog) line(prefix string, args ...any) {
	s := fmt.Sprintln(args...)
	s = s[:len(s)-1]
	l.write(0, 'O', []byte(prefix+s+ansiReset+"\n"))
}
func (l *jobLog) Println(args ...any)     { l.line(ansiClear, args...) }
func (l *jobLog) Infoln(args ...any)      { l.line(ansiBoldGreen, args...) }
func (l *jobLog) Warningln(args ...any)   { l.line(ansiYellow+"WARNING: ", args...) }
func (l *jobLog) SoftErrorln(args ...any) { l.line(ansiBoldRed+"ERROR: ", args...) }
func (l *jobLog) Errorln(args ...any)     { l.line(ansiBoldRed+"ERROR: ", args...) }

func (l *jobLog) sectionStart(name string) {
	l.write(0, 'O', []byte(fmt.Sprintf("section_start:%d:%s\r"+ansiClear, time.Now().UTC().Unix(), name)))
}
func (l *jobLog) sectionEnd(name string) {
	l.write(0, 'O', []byte(fmt.Sprintf("section_end:%d:%s\r"+ansiClear, time.Now().UTC().Unix(), name)))
}

// section runs fn between section markers, the title in bold cyan first.
func (l *jobLog) section(name, title string, fn func() error) error {
	l.sectionStart(name)
	defer l.sectionEnd(name)
	l.Println(ansiBoldCyan + title + ansiReset)
	return fn()
}

// shellQuote for a POSIX sh single-quoted word
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
