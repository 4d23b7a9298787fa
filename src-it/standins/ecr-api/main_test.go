package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The worked example of AWS's SigV4 documentation (IAM ListUsers, 20150830T123600Z, us-east-1): the values
// are AWS's, so the primitives are checked against AWS, not against themselves.
func TestAWSDocumentationExample(t *testing.T) {
	r := httptest.NewRequest("GET", "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", nil)
	r.Host = "iam.amazonaws.com"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	r.Header.Set("X-Amz-Date", "20150830T123600Z")
	canonical := canonicalRequest(r, nil, []string{"content-type", "host", "x-amz-date"})
	if got := sha256Hex([]byte(canonical)); got != "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59" {
		t.Fatalf("canonical request hash %s; canonical request:\n%s", got, canonical)
	}
	secret := "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	if got := hex.EncodeToString(signingKey(secret, "20150830", "us-east-1", "iam")); got != "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9" {
		t.Fatalf("signing key %s", got)
	}
	a, err := parseAuthorization("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, " +
		"SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
	if err != nil {
		t.Fatal(err)
	}
	sts := stringToSign("20150830T123600Z", a.Scope(), canonical)
	if got := signature(secret, a, sts); got != a.Signature {
		t.Fatalf("signature %s", got)
	}
}

const (
	testKeyID  = "AKIAIOSFODNN7EXAMPLE"
	testSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	testPass   = "registry-password-123"
)

func testServer(out *bytes.Buffer) *server {
	return &server{
		keys:     map[string]key{testKeyID: {secret: testSecret, account: "210987654321"}},
		password: testPass, account: "210987654321", ttl: 12 * time.Hour,
		now:    func() time.Time { return time.Unix(1700000000, 0) },
		logOut: out,
	}
}

// signedRequest signs like the AWS SDK for Go v2 does for a JSON 1.1 call (headers it signs included).
func signedRequest(t *testing.T, keyID, secret, target, body string) *http.Request {
	t.Helper()
	r := httptest.NewRequest("POST", "https://api.ecr.eu-central-1.amazonaws.com/", strings.NewReader(body))
	r.Host = "api.ecr.eu-central-1.amazonaws.com"
	r.Header.Set("Content-Type", jsonContentType)
	r.Header.Set("X-Amz-Target", target)
	r.Header.Set("X-Amz-Date", "20231114T221320Z")
	r.Header.Set("Amz-Sdk-Invocation-Id", "6a1d2a3e-0000-4000-8000-000000000001")
	r.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	r.Header.Set("Content-Length", itoa(int64(len(body))))
	signed := []string{"amz-sdk-invocation-id", "amz-sdk-request", "content-length", "content-type", "host", "x-amz-date", "x-amz-target"}
	a := authorization{AccessKeyID: keyID, Date: "20231114", Region: "eu-central-1", Service: "ecr", Terminator: "aws4_request", SignedHeaders: signed}
	sts := stringToSign("20231114T221320Z", a.Scope(), canonicalRequest(r, []byte(body), signed))
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+keyID+"/"+a.Scope()+", SignedHeaders="+
		strings.Join(signed, ";")+", Signature="+signature(secret, a, sts))
	return r
}

func serve(s *server, r *http.Request) (*httptest.ResponseRecorder, map[string]interface{}) {
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	var body map[string]interface{}
	json.Unmarshal(w.Body.Bytes(), &body)
	return w, body
}

func TestGetAuthorizationToken(t *testing.T) {
	var logs bytes.Buffer
	s := testServer(&logs)
	w, body := serve(s, signedRequest(t, testKeyID, testSecret, targetPrefix+"GetAuthorizationToken", `{"registryIds":["210987654321"]}`))
	if w.Code != 200 || w.Header().Get("Content-Type") != jsonContentType || w.Header().Get("x-amzn-RequestId") == "" {
		t.Fatalf("status %d, headers %v, body %s", w.Code, w.Header(), w.Body.String())
	}
	data := body["authorizationData"].([]interface{})[0].(map[string]interface{})
	tok, _ := base64.StdEncoding.DecodeString(data["authorizationToken"].(string))
	if string(tok) != "AWS:"+testPass {
		t.Fatalf("token decodes to something else")
	}
	if data["proxyEndpoint"] != "https://210987654321.dkr.ecr.eu-central-1.amazonaws.com" {
		t.Fatalf("proxyEndpoint %v", data["proxyEndpoint"])
	}
	if !strings.Contains(w.Body.String(), `"expiresAt":1700043200.000`) {
		t.Fatalf("expiresAt is not epoch seconds as a number: %s", w.Body.String())
	}
	// no registryIds: the caller's own registry
	_, body = serve(s, signedRequest(t, testKeyID, testSecret, targetPrefix+"GetAuthorizationToken", `{}`))
	data = body["authorizationData"].([]interface{})[0].(map[string]interface{})
	if data["proxyEndpoint"] != "https://210987654321.dkr.ecr.eu-central-1.amazonaws.com" {
		t.Fatalf("default registry %v", data["proxyEndpoint"])
	}
	if l := logs.String(); !strings.Contains(l, "accessKeyId="+testKeyID) || !strings.Contains(l, "status=200") ||
		strings.Contains(l, testSecret) || strings.Contains(l, testPass) || strings.Contains(l, data["authorizationToken"].(string)) {
		t.Fatalf("log lines: %s", l)
	}
}

func TestErrors(t *testing.T) {
	var logs bytes.Buffer
	s := testServer(&logs)
	cases := []struct {
		name, code, message string
		r                   *http.Request
	}{
		{"unknown key", "UnrecognizedClientException", "The security token included in the request is invalid.",
			signedRequest(t, "AKIAUNKNOWNUNKNOWN00", testSecret, targetPrefix+"GetAuthorizationToken", `{}`)},
		{"wrong secret", "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. " +
			"Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
			signedRequest(t, testKeyID, "not-the-secret", targetPrefix+"GetAuthorizationToken", `{}`)},
		{"unknown operation", "UnknownOperationException", "",
			signedRequest(t, testKeyID, testSecret, targetPrefix+"DescribeRepositories", `{}`)},
		{"bad registry id", "InvalidParameterException", "Invalid parameter at 'registryIds'",
			signedRequest(t, testKeyID, testSecret, targetPrefix+"GetAuthorizationToken", `{"registryIds":["12"]}`)},
	}
	tampered := signedRequest(t, testKeyID, testSecret, targetPrefix+"GetAuthorizationToken", `{}`)
	tampered.Header.Set("X-Amz-Target", targetPrefix+"GetAuthorizationTokens")
	cases = append(cases, struct {
		name, code, message string
		r                   *http.Request
	}{"tampered signed header", "InvalidSignatureException", "The request signature we calculated", tampered})
	bare := httptest.NewRequest("POST", "https://api.ecr.eu-central-1.amazonaws.com/", strings.NewReader("{}"))
	cases = append(cases, struct {
		name, code, message string
		r                   *http.Request
	}{"no authorization", "MissingAuthenticationTokenException", "Missing Authentication Token", bare})
	for _, c := range cases {
		w, body := serve(s, c.r)
		if w.Code != 400 || body["__type"] != c.code || !strings.HasPrefix(asString(body["message"]), c.message) {
			t.Errorf("%s: status %d body %s", c.name, w.Code, w.Body.String())
		}
	}
	if strings.Contains(logs.String(), testSecret) {
		t.Fatalf("a secret in the log")
	}
}

func asString(v interface{}) string {
	s, _ := v.(string)
	return s
}
