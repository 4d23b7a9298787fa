package main

// A reader for the subset of TOML that gitlab-runner's config.toml uses:
// [table], [[array.of.tables]], dotted keys, basic/literal strings (also
// multi-line), arrays (over several lines), inline tables, booleans, numbers
// and date-times (kept as text). Enough to read what register writes and what
// a person or the orchestrator puts there.

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tomlParser struct {
	s    string
	i    int
	line int
}

func parseTOML(text string) (map[string]any, error) {
	p := &tomlParser{s: text, line: 1}
	root := map[string]any{}
	cur := root
	for {
		p.skipBlank(true)
		if p.i >= len(p.s) {
			return root, nil
		}
		if p.s[p.i] == '[' {
			arr := strings.HasPrefix(p.s[p.i:], "[[")
			if arr {
				p.i += 2
			} else {
				p.i++
			}
			keys, err := p.keyPath()
			if err != nil {
				return nil, err
			}
			p.skipSpaces()
			closing := "]"
			if arr {
				closing = "]]"
			}
			if !strings.HasPrefix(p.s[p.i:], closing) {
				return nil, p.errf("expected %s", closing)
			}
			p.i += len(closing)
			if cur, err = tableFor(root, keys, arr); err != nil {
				return nil, p.errf("%v", err)
			}
			if err := p.endOfLine(); err != nil {
				return nil, err
			}
			continue
		}
		keys, err := p.keyPath()
		if err != nil {
			return nil, err
		}
		p.skipSpaces()
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			return nil, p.errf("expected '=' after key")
		}
		p.i++
		p.skipSpaces()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		t := cur
		for _, k := range keys[:len(keys)-1] {
			n, ok := t[k].(map[string]any)
			if !ok {
				n = map[string]any{}
				t[k] = n
			}
			t = n
		}
		t[keys[len(keys)-1]] = v
		if err := p.endOfLine(); err != nil {
			return nil, err
		}
	}
}

func tableFor(root map[string]any, keys []string, array bool) (map[string]any, error) {
	t := root
	for n, k := range keys {
		last := n == len(keys)-1
		switch v := t[k].(type) {
		case nil:
			if last && array {
				m := map[string]any{}
				t[k] = []map[string]any{m}
				return m, nil
			}
			m := map[string]any{}
			t[k] = m
			t = m
		case map[string]any:
			if last && array {
				return nil, fmt.Errorf("%s is a table, not an array of tables", strings.Join(keys, "."))
			}
			t = v
		case []map[string]any:
			if last && array {
				m := map[string]any{}
				t[k] = append(v, m)
				return m, nil
			}
			t = v[len(v)-1]
		default:
			return nil, fmt.Errorf("key %s is not a table", strings.Join(keys[:n+1], "."))
		}
	}
	return t, nil
}

func (p *tomlParser) errf(format string, a ...any) error {
	return fmt.Errorf("toml: line %d: %s", p.line, fmt.Sprintf(format, a...))
}

func (p *tomlParser) skipSpaces() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t') {
		p.i++
	}
}

// skipBlank skips spaces, comments and (when newlines) line breaks.
func (p *tomlParser) skipBlank(newlines bool) {
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			p.i++
		case c == '\n' && newlines:
			p.i++
			p.line++
		case c == '#':
			for p.i < len(p.s) && p.s[p.i] != '\n' {
				p.i++
			}
		default:
			return
		}
	}
}

func (p *tomlParser) endOfLine() error {
	p.skipSpaces()
	if p.i < len(p.s) && p.s[p.i] == '#' {
		for p.i < len(p.s) && p.s[p.i] != '\n' {
			p.i++
		}
	}
	if p.i < len(p.s) && p.s[p.i] == '\r' {
		p.i++
	}
	if p.i < len(p.s) {
		if p.s[p.i] != '\n' {
			return p.errf("unexpected %q after value", p.s[p.i])
		}
		p.i++
		p.line++
	}
	return nil
}

func (p *tomlParser) keyPath() ([]string, error) {
	var keys []string
	for {
		p.skipSpaces()
		if p.i >= len(p.s) {
			return nil, p.errf("expected a key")
		}
		var k string
		switch p.s[p.i] {
		case '"':
			s, err := p.basicString()
			if err != nil {
				return nil, err
			}
			k = s
		case '\'':
			s, err := p.literalString()
			if err != nil {
				return nil, err
			}
			k = s
		default:
			start := p.i
			for p.i < len(p.s) && isBare(p.s[p.i]) {
				p.i++
			}
			if p.i == start {
				return nil, p.errf("invalid key character %q", p.s[p.i])
			}
			k = p.s[start:p.i]
		}
		keys = append(keys, k)
		p.skipSpaces()
		if p.i < len(p.s) && p.s[p.i] == '.' {
			p.i++
			continue
		}
		return keys, nil
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func (p *tomlParser) value() (any, error) {
	if p.i >= len(p.s) {
		return nil, p.errf("expected a value")
	}
	switch c := p.s[p.i]; {
	case strings.HasPrefix(p.s[p.i:], `"""`):
		return p.multiBasic()
	case strings.HasPrefix(p.s[p.i:], "'''"):
		p.i += 3
		end := strings.Index(p.s[p.i:], "'''")
		if end < 0 {
			return nil, p.errf("unterminated multi-line string")
		}
		v := strings.TrimPrefix(p.s[p.i:p.i+end], "\n")
		p.line += strings.Count(p.s[p.i:p.i+end], "\n")
		p.i += end + 3
		return v, nil
	case c == '"':
		return p.basicString()
	case c == '\'':
		return p.literalString()
	case c == '[':
		p.i++
		var arr []any
		for {
			p.skipBlank(true)
			if p.i < len(p.s) && p.s[p.i] == ']' {
				p.i++
				return arr, nil
			}
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
			p.skipBlank(true)
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.s) && p.s[p.i] == ']' {
				p.i++
				return arr, nil
			}
			return nil, p.errf("expected ',' or ']' in array")
		}
	case c == '{':
		p.i++
		m := map[string]any{}
		for {
			p.skipSpaces()
			if p.i < len(p.s) && p.s[p.i] == '}' {
				p.i++
				return m, nil
			}
			keys, err := p.keyPath()
			if err != nil {
				return nil, err
			}
			p.skipSpaces()
			if p.i >= len(p.s) || p.s[p.i] != '=' {
				return nil, p.errf("expected '=' in inline table")
			}
			p.i++
			p.skipSpaces()
			v, err := p.value()
			if err != nil {
				return nil, err
			}
			t := m
			for _, k := range keys[:len(keys)-1] {
				n, ok := t[k].(map[string]any)
				if !ok {
					n = map[string]any{}
					t[k] = n
				}
				t = n
			}
			t[keys[len(keys)-1]] = v
			p.skipSpaces()
			if p.i < len(p.s) && p.s[p.i] == ',' {
				p.i++
			}
		}
	default:
		start := p.i
		for p.i < len(p.s) && !strings.ContainsRune(",]}#\n\r", rune(p.s[p.i])) {
			p.i++
		}
		tok := strings.TrimSpace(p.s[start:p.i])
		switch tok {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "":
			return nil, p.errf("expected a value")
		}
		if n, err := strconv.ParseInt(strings.ReplaceAll(tok, "_", ""), 0, 64); err == nil {
			return n, nil
		}
		return tok, nil // floats, date-times: kept as text
	}
}

func (p *tomlParser) literalString() (string, error) {
	p.i++
	end := strings.IndexAny(p.s[p.i:], "'\n")
	if end < 0 || p.s[p.i+end] != '\'' {
		return "", p.errf("unterminated literal string")
	}
	v := p.s[p.i : p.i+end]
	p.i += end + 1
	return v, nil
}

func (p *tomlParser) basicString() (string, error) {
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return b.String(), nil
		case c == '\n':
			return "", p.errf("newline in string")
		case c == '\\':
			if err := p.escape(&b); err != nil {
				return "", err
			}
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", p.errf("unterminated string")
}

func (p *tomlParser) multiBasic() (string, error) {
	p.i += 3
	if strings.HasPrefix(p.s[p.i:], "\n") {
		p.i++
		p.line++
	} else if strings.HasPrefix(p.s[p.i:], "\r\n") {
		p.i += 2
		p.line++
	}
	var b strings.Builder
	for p.i < len(p.s) {
		if strings.HasPrefix(p.s[p.i:], `"""`) {
			p.i += 3
			return b.String(), nil
		}
		c := p.s[p.i]
		if c == '\\' {
			// line-ending backslash: trim the newline and leading whitespace
			j := p.i + 1
			for j < len(p.s) && (p.s[j] == ' ' || p.s[j] == '\t' || p.s[j] == '\r') {
				j++
			}
			if j < len(p.s) && p.s[j] == '\n' {
				p.i = j
				for p.i < len(p.s) && strings.ContainsRune(" \t\r\n", rune(p.s[p.i])) {
					if p.s[p.i] == '\n' {
						p.line++
					}
					p.i++
				}
				continue
			}
			if err := p.escape(&b); err != nil {
				return "", err
			}
			continue
		}
		if c == '\n' {
			p.line++
		}
		b.WriteByte(c)
		p.i++
	}
	return "", p.errf("unterminated multi-line string")
}

func (p *tomlParser) escape(b *strings.Builder) error {
	if p.i+1 >= len(p.s) {
		return p.errf("bad escape")
	}
	e := p.s[p.i+1]
	p.i += 2
	switch e {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case '"':
		b.WriteByte('"')
	case '\\':
		b.WriteByte('\\')
	case 'u', 'U':
		n := 4
		if e == 'U' {
			n = 8
		}
		if p.i+n > len(p.s) {
			return p.errf("bad unicode escape")
		}
		r, err := strconv.ParseUint(p.s[p.i:p.i+n], 16, 32)
		if err != nil || !utf8.ValidRune(rune(r)) {
			return p.errf("bad unicode escape")
		}
		b.WriteRune(rune(r))
		p.i += n
	default:
		return p.errf("invalid escape \\%c", e)
	}
	return nil
}

// helpers to read typed values out of a parsed table

func tStr(m map[string]any, k string) string {
	if s, ok := m[k].(string); ok {
		return s
	}
	if n, ok := m[k].(int64); ok {
		return strconv.FormatInt(n, 10)
	}
	return ""
}

func tBool(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

func tInt(m map[string]any, k string) int64 {
	n, _ := m[k].(int64)
	return n
}

func tStrs(m map[string]any, k string) []string {
	var out []string
	switch v := m[k].(type) {
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
	case string:
		out = append(out, v)
	}
	return out
}

func tTable(m map[string]any, k string) map[string]any {
	if t, ok := m[k].(map[string]any); ok {
		return t
	}
	return map[string]any{}
}
