# standin-lib.sh - shared helpers of the GitLab stand-in (sourced, POSIX sh).
#
# State lives where the real GitLab keeps its data, under /var/opt/gitlab
# (a volume), in a directory of its own:
#   /var/opt/gitlab/standin/seeded               schema loaded, seeds run (first boot done)
#   /var/opt/gitlab/standin/root_password        root's password (0600); absent: no root
#   /var/opt/gitlab/standin/pats/<sha256>        personal access tokens, by token digest
#   /var/opt/gitlab/standin/runners/<id>/...     runners, token stored as sha256 digest
#   /var/opt/gitlab/standin/runners/<id>/managers/<key>/...   their managers
#   /var/opt/gitlab/standin/next_id              runner id counter
#   /var/opt/gitlab/standin/next_manager_id      runner manager id counter
# Nothing else of GitLab's state is kept outside the volumes (/etc/gitlab,
# /var/opt/gitlab, /var/log/gitlab), so a recreated container keeps it all.
# Per-boot state (not a volume; cleared by init-container at every start):
#   /run/standin/ready                           boot finished ("gitlab Reconfigured!")
#   /run/standin/allowlist                       monitoring allow-list (CIDRs)
#   /run/standin/port, /run/standin/settings     listen port, parsed omnibus settings

STATE=/var/opt/gitlab/standin
RUNSTATE=/run/standin

now() { date +%s; }

sha256() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

rand_chars() { tr -dc "${2:-A-Za-z0-9}" </dev/urandom | head -c "$1"; }

# esc VALUE: escape for a JSON string (backslash, quote, control chars).
esc() {
	printf '%sX' "$1" | awk '
	BEGIN {
		for (i = 1; i < 32; i++) m[sprintf("%c", i)] = sprintf("\\u%04x", i)
		m[sprintf("%c", 127)] = "\\u007f"
		m["\t"] = "\\t"; m["\r"] = "\\r"; m[sprintf("%c", 8)] = "\\b"; m[sprintf("%c", 12)] = "\\f"
	}
	{
		s = $0; o = (NR > 1) ? "\\n" : ""; n = length(s)
		for (i = 1; i <= n; i++) {
			c = substr(s, i, 1)
			if (c == "\\") o = o "\\\\"
			else if (c == "\"") o = o "\\\""
			else if (c in m) o = o m[c]
			else o = o c
		}
		out = out o
	}
	END { sub(/X$/, "", out); printf "%s", out }'
}

# unesc VALUE: undo esc (simple escapes; \uXXXX for ASCII only).
unesc() {
	printf '%s' "$1" | awk '
	BEGIN { for (i = 1; i < 128; i++) chr[i] = sprintf("%c", i); hx = "0123456789abcdef" }
	{
		s = $0; o = ""; n = length(s)
		for (i = 1; i <= n; i++) {
			c = substr(s, i, 1)
			if (c != "\\" || i == n) { o = o c; continue }
			d = substr(s, ++i, 1)
			if (d == "n") o = o "\n"; else if (d == "t") o = o "\t"; else if (d == "r") o = o "\r"
			else if (d == "b") o = o sprintf("%c", 8); else if (d == "f") o = o sprintf("%c", 12)
			else if (d == "u") {
				h = tolower(substr(s, i + 1, 4)); v = 0
				for (j = 1; j <= 4; j++) v = v * 16 + index(hx, substr(h, j, 1)) - 1
				o = o ((v > 0 && v < 128) ? chr[v] : "?"); i += 4
			} else o = o d
		}
		printf "%s", o
	}'
}

# A global lock (mkdir is atomic) around every state change, so concurrent
# requests (nc forks one handler per connection) cannot corrupt the files.
# A lock left by a killed process is taken over after ~5 s.
lock() {
	mkdir -p "$STATE"
	_n=0
	until mkdir "$STATE/.lock" 2>/dev/null; do
		_n=$((_n + 1))
		if [ $_n -gt 50 ]; then
			rm -rf "$STATE/.lock"
			_n=0
		fi
		sleep 0.1
	done
}
unlock() { rmdir "$STATE/.lock" 2>/dev/null; }

# ---------------------------------------------------------------- params --
#
# parse_params CONTENT_TYPE BODYFILE QUERY > PARAMSFILE
# Writes one line per request parameter: "key<TAB>value", value escaped as
# the inside of a JSON string (no raw tabs or newlines), or, for JSON
# numbers/booleans/null/arrays/objects, their JSON text. Body parameters come
# first, then query-string ones (the first match wins on lookup).
# Understands application/json, application/x-www-form-urlencoded and
# multipart/form-data (text fields), like GitLab's Grape API.
parse_params() {
	_ct=$1
	case $_ct in
	*json*) json_params <"$2" ;;
	multipart/form-data*)
		_b=$(printf '%s' "$_ct" | sed -n 's/.*boundary="\{0,1\}\([^";]*\)"\{0,1\}.*/\1/p')
		multipart_params "$_b" <"$2"
		;;
	*) form_params <"$2" ;;
	esac
	[ -n "$3" ] && printf '%s' "$3" | form_params
}

json_params() {
	awk 'BEGIN { RS = "\001" }
	{ s = s $0 }
	END {
		n = length(s); i = 1
		ws()
		if (substr(s, i, 1) != "{") exit
		i++
		while (i <= n) {
			ws(); c = substr(s, i, 1)
			if (c == "}") break
			if (c == ",") { i++; continue }
			if (c != "\"") exit
			k = str(); ws()
			if (substr(s, i, 1) != ":") exit
			i++; ws()
			c = substr(s, i, 1)
			if (c == "\"") v = str()
			else if (c == "[" || c == "{") v = raw()
			else { v = ""; while (i <= n && index(",}] \t\r\n", substr(s, i, 1)) == 0) { v = v substr(s, i, 1); i++ } }
			print k "\t" v
		}
	}
	function ws() { while (i <= n && index(" \t\r\n", substr(s, i, 1)) > 0) i++ }
	function str(   o, c) {
		o = ""; i++
		while (i <= n) {
			c = substr(s, i, 1)
			if (c == "\\") { o = o c substr(s, i + 1, 1); i += 2; continue }
			if (c == "\"") { i++; return o }
			if (c == "\t") c = "\\t"
			o = o c; i++
		}
		return o
	}
	function raw(   o, d, c, q) {
		o = ""; d = 0; q = 0
		while (i <= n) {
			c = substr(s, i, 1)
			if (q) { if (c == "\\") { o = o c substr(s, i + 1, 1); i += 2; continue } if (c == "\"") q = 0 }
			else if (c == "\"") q = 1
			else if (c == "[" || c == "{") d++
			else if (c == "]" || c == "}") { d--; if (d == 0) { o = o c; i++; return o } }
			if (c == "\n" || c == "\r" || c == "\t") c = " "
			o = o c; i++
		}
		return o
	}'
}

# decode %XX and + and JSON-escape, for urlencoded key=value&... input
form_params() {
	awk 'BEGIN {
		RS = "&"; hx = "0123456789abcdef"
		for (i = 1; i < 256; i++) chr[i] = sprintf("%c", i)
		for (i = 1; i < 32; i++) m[chr[i]] = sprintf("\\u%04x", i)
		m[chr[127]] = "\\u007f"; m["\t"] = "\\t"; m["\r"] = "\\r"; m["\n"] = "\\n"
	}
	function dec(x,   o, j, c, v) {
		gsub(/\+/, " ", x); o = ""
		for (j = 1; j <= length(x); j++) {
			c = substr(x, j, 1)
			if (c == "%" && j + 2 <= length(x)) {
				v = (index(hx, tolower(substr(x, j + 1, 1))) - 1) * 16 + index(hx, tolower(substr(x, j + 2, 1))) - 1
				if (v > 0) o = o chr[v]
				j += 2
			} else o = o c
		}
		return o
	}
	function esc(x,   o, j, c) {
		o = ""
		for (j = 1; j <= length(x); j++) {
			c = substr(x, j, 1)
			if (c == "\\") o = o "\\\\"; else if (c == "\"") o = o "\\\""; else if (c in m) o = o m[c]; else o = o c
		}
		return o
	}
	{
		sub(/\r?\n$/, "")
		if ($0 == "") next
		p = index($0, "=")
		if (p == 0) { k = $0; v = "" } else { k = substr($0, 1, p - 1); v = substr($0, p + 1) }
		k = dec(k); sub(/\[\]$/, "", k)
		print k "\t" esc(dec(v))
	}'
}

multipart_params() {
	awk -v b="--$1" 'BEGIN {
		for (i = 1; i < 32; i++) m[sprintf("%c", i)] = sprintf("\\u%04x", i)
		m["\t"] = "\\t"; m["\r"] = "\\r"
	}
	function esc(x,   o, j, c) {
		o = ""
		for (j = 1; j <= length(x); j++) {
			c = substr(x, j, 1)
			if (c == "\\") o = o "\\\\"; else if (c == "\"") o = o "\\\""; else if (c in m) o = o m[c]; else o = o c
		}
		return o
	}
	function emit() { if (name != "") print name "\t" esc(val); name = "" }
	{ sub(/\r$/, "") }
	$0 == b || $0 == b "--" { emit(); state = 1; val = ""; first = 1; next }
	state == 1 {
		if ($0 == "") { state = 2; next }
		if (tolower($0) ~ /^content-disposition:/ && match($0, /name="[^"]*"/)) name = substr($0, RSTART + 6, RLENGTH - 7)
		next
	}
	state == 2 { val = first ? $0 : val "\n" $0; first = 0 }'
}

# param NAME PARAMSFILE -> the (escaped) value of the first NAME parameter;
# exit status 1 when absent
param() {
	awk -F '\t' -v k="$1" '$1 == k { print substr($0, length(k) + 2); f = 1; exit } END { exit !f }' "$2"
}

# --------------------------------------------------------- passwords --
#
# char_count VALUE: the length in characters (Ruby's String#length) of a
# UTF-8 string: its bytes less the continuation bytes.
char_count() { printf '%s' "$1" | tr -d '\200-\277' | wc -c | tr -d ' '; }

# root_password_problem PASSWORD -> prints the error GitLab's User
# validations give the seeded root user (db/fixtures/production/003_admin.rb:
# name "Administrator", username "root", email GITLAB_ROOT_EMAIL or
# admin@example.com) for this password, or nothing when it is accepted.
# Mirrors app/models/user.rb (Devise length 8..128) and
# lib/security/weak_passwords.rb:
#   - case-insensitive (both sides lowercased);
#   - forbidden anywhere: "gitlab", "devops", and every "part" of 4+
#     characters of the name, the username and the e-mail: the whole value,
#     its pieces split on every non-alphanumeric character, and for the e-mail
#     also its pieces split on "@" (so for root: administrator, root,
#     admin@example.com, admin, example.com, example);
#   - those substring checks apply only to passwords of fewer than 64
#     characters (PASSWORD_SUBSTRING_CHECK_MAX_LENGTH);
#   - the lowercased password must not be on the weak list (a sample of the
#     real 4500 entries here: /usr/lib/standin/weak-passwords.txt).
# The password travels in the environment, never in argv.
root_password_problem() {
	_email=${GITLAB_ROOT_EMAIL:-}
	# ENV['GITLAB_ROOT_EMAIL'].presence: a blank value counts as none
	[ -n "$(printf '%s' "$_email" | tr -d ' \t\n\r\f\v')" ] || _email=admin@example.com
	SPW=$1 SPWLEN=$(char_count "$1") SNAME=Administrator SUSER=root SEMAIL=$_email awk '
	function cand(s, sep,   parts, n, j) {
		if (s == "") return
		c[++nc] = s
		n = split(s, parts, sep)
		for (j = 1; j <= n; j++) c[++nc] = parts[j]
	}
	BEGIN {
		pw = ENVIRON["SPW"]; len = ENVIRON["SPWLEN"] + 0
		if (len > 128) { print "Password is too long (maximum is 128 characters)"; exit }
		if (len < 8) { print "Password is too short (minimum is 8 characters)"; exit }
		lpw = tolower(pw); weak = 0
		if (len < 64) {
			nc = 0
			c[++nc] = "gitlab"; c[++nc] = "devops"
			cand(ENVIRON["SNAME"], "[^A-Za-z0-9]")
			cand(ENVIRON["SUSER"], "[^A-Za-z0-9]")
			cand(ENVIRON["SEMAIL"], "[^A-Za-z0-9]")
			cand(ENVIRON["SEMAIL"], "@")
			for (j = 1; j <= nc; j++)
				if (length(c[j]) >= 4 && index(lpw, tolower(c[j])) > 0) weak = 1
		}
		if (!weak) {
			while ((getline line < "/usr/lib/standin/weak-passwords.txt") > 0)
				if (line !~ /^#/ && line != "" && line == lpw) weak = 1
		}
		if (weak) print "Password must not contain commonly used combinations of words and letters"
	}'
}

is_true() {
	case $1 in true | 1 | t | T | TRUE | True | yes | on) return 0 ;; *) return 1 ;; esac
}
