package main

// AWS Signature Version 4, server side: rebuilds the canonical request from what the client says it signed
// (the SignedHeaders of its Authorization header) and compares signatures. Steps and names as in AWS's
// "Create a signed AWS API request" (IAM user guide, reference_sigv-create-signed-request).

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

const sigv4Algorithm = "AWS4-HMAC-SHA256"

// authorization is a parsed "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header.
type authorization struct {
	AccessKeyID   string
	Date          string // yyyymmdd of the credential scope
	Region        string
	Service       string
	Terminator    string
	SignedHeaders []string
	Signature     string
}

// Scope is the credential scope: date/region/service/aws4_request.
func (a authorization) Scope() string {
	return a.Date + "/" + a.Region + "/" + a.Service + "/" + a.Terminator
}

var errNoAuthorization = errors.New("no authorization header")

// incompleteSignature carries AWS's IncompleteSignatureException message.
type incompleteSignature struct{ msg string }

func (e incompleteSignature) Error() string { return e.msg }

func parseAuthorization(header string) (authorization, error) {
	var a authorization
	if strings.TrimSpace(header) == "" {
		return a, errNoAuthorization
	}
	algorithm, rest, _ := strings.Cut(strings.TrimSpace(header), " ")
	if algorithm != sigv4Algorithm {
		return a, incompleteSignature{"Authorization header requires 'Credential' parameter. " +
			"Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."}
	}
	params := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok {
			params[k] = v
		}
	}
	var missing []string
	for _, p := range []string{"Credential", "Signature", "SignedHeaders"} {
		if params[p] == "" {
			missing = append(missing, "Authorization header requires '"+p+"' parameter.")
		}
	}
	if len(missing) > 0 {
		return a, incompleteSignature{strings.Join(missing, " ")}
	}
	cred := strings.Split(params["Credential"], "/")
	if len(cred) != 5 {
		return a, incompleteSignature{"Credential should be scoped to a valid region, not '" + safeScopePart(cred) + "'. "}
	}
	a.AccessKeyID, a.Date, a.Region, a.Service, a.Terminator = cred[0], cred[1], cred[2], cred[3], cred[4]
	a.SignedHeaders = strings.Split(params["SignedHeaders"], ";")
	a.Signature = params["Signature"]
	return a, nil
}

func safeScopePart(cred []string) string {
	if len(cred) > 2 {
		return cred[2]
	}
	return ""
}

// canonicalRequest builds the canonical request for r (whose body is given separately) over signedHeaders.
func canonicalRequest(r *http.Request, body []byte, signedHeaders []string) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(r.URL))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL))
	b.WriteByte('\n')
	for _, name := range signedHeaders {
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(headerValue(r, name))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	if v := r.Header.Get("X-Amz-Content-Sha256"); v != "" {
		b.WriteString(v)
	} else {
		b.WriteString(sha256Hex(body))
	}
	return b.String()
}

func canonicalURI(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		return "/"
	}
	return p
}

func canonicalQuery(u *url.URL) string {
	q := u.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := append([]string(nil), q[k]...)
		sort.Strings(vs)
		for _, v := range vs {
			parts = append(parts, uriEncode(k)+"="+uriEncode(v))
		}
	}
	return strings.Join(parts, "&")
}

// uriEncode percent-encodes everything but the unreserved characters (A-Z a-z 0-9 - _ . ~).
func uriEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if ('A' <= c && c <= 'Z') || ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') ||
			c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
		} else {
			b.WriteString("%" + strings.ToUpper(hex.EncodeToString([]byte{c})))
		}
	}
	return b.String()
}

// headerValue: the values of one header, trimmed, inner runs of spaces collapsed, joined with commas.
// Go's server moves Host out of the header map into r.Host.
func headerValue(r *http.Request, lowerName string) string {
	if lowerName == "host" {
		return r.Host
	}
	var vs []string
	for k, values := range r.Header {
		if strings.EqualFold(k, lowerName) {
			for _, v := range values {
				vs = append(vs, strings.Join(strings.Fields(v), " "))
			}
		}
	}
	if lowerName == "content-length" && len(vs) == 0 && r.ContentLength >= 0 {
		return itoa(r.ContentLength)
	}
	return strings.Join(vs, ",")
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for n > 0 {
		d = append([]byte{byte('0' + n%10)}, d...)
		n /= 10
	}
	return string(d)
}

func stringToSign(amzDate, scope, canonical string) string {
	return sigv4Algorithm + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex([]byte(canonical))
}

func signingKey(secret, date, region, service string) []byte {
	k := hmacSHA256([]byte("AWS4"+secret), date)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, service)
	return hmacSHA256(k, "aws4_request")
}

func signature(secret string, a authorization, sts string) string {
	return hex.EncodeToString(hmacSHA256(signingKey(secret, a.Date, a.Region, a.Service), sts))
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
