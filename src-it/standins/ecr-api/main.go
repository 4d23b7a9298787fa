// ecr-api - a fake Amazon ECR API endpoint (https://api.ecr.<region>.amazonaws.com) for integration tests.
//
// It answers GetAuthorizationToken over the AWS JSON 1.1 protocol the way ECR does, after verifying the
// request's AWS Signature Version 4 against the access keys it was given: an unknown access key id gets
// UnrecognizedClientException, a known one with a wrong signature InvalidSignatureException. The token it
// issues is base64("AWS:" + the configured registry password), so a registry with an htpasswd entry for
// user AWS accepts it. Every other operation is unknown. See MIRRORS.md for what mirrors what.
//
// Configuration (flag, or environment variable when the flag is not given):
//
//	-listen         ECR_LISTEN          address to listen on (default :443)
//	-tls-cert       ECR_TLS_CERT        PEM certificate (chain) file; required
//	-tls-key        ECR_TLS_KEY         PEM private key file; required
//	-keys-file      ECR_KEYS_FILE       file of access keys, one "ACCESS_KEY_ID:SECRET_ACCESS_KEY[:ACCOUNT]" a line
//	                ECR_KEYS            the same, comma-separated (file and variable add up)
//	-password-file  ECR_PASSWORD_FILE   file holding the registry password to issue (first line); required
//	-account        ECR_ACCOUNT         the callers' account (registry id) when a key names none (default 123456789012)
//	-token-ttl      ECR_TOKEN_TTL       validity of issued tokens (default 12h, as ECR)
//
// Each request is logged on stdout as one line: time, target, access key id, outcome. Secrets never are.
package main

import (
	"bufio"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"
)

const (
	targetPrefix    = "AmazonEC2ContainerRegistry_V20150921."
	jsonContentType = "application/x-amz-json-1.1"
	maxBody         = 1 << 20
)

type key struct {
	secret  string
	account string
}

type server struct {
	keys     map[string]key
	password string
	account  string
	ttl      time.Duration
	now      func() time.Time
	logMu    sync.Mutex
	logOut   io.Writer
}

// apiError is an AWS JSON 1.1 error: HTTP status, "__type" and "message" of the body.
type apiError struct {
	status  int
	code    string
	message string
}

var (
	registryIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	accessKeyPattern  = regexp.MustCompile(`^[A-Z0-9]{16,128}$`)
)

func main() {
	listen := flag.String("listen", envOr("ECR_LISTEN", ":443"), "address to listen on")
	certFile := flag.String("tls-cert", os.Getenv("ECR_TLS_CERT"), "PEM certificate file")
	keyFile := flag.String("tls-key", os.Getenv("ECR_TLS_KEY"), "PEM private key file")
	keysFile := flag.String("keys-file", os.Getenv("ECR_KEYS_FILE"), "access keys file")
	passwordFile := flag.String("password-file", os.Getenv("ECR_PASSWORD_FILE"), "registry password file")
	account := flag.String("account", envOr("ECR_ACCOUNT", "123456789012"), "default account (registry id)")
	ttl := flag.Duration("token-ttl", durationEnv("ECR_TOKEN_TTL", 12*time.Hour), "token validity")
	flag.Parse()

	fail := func(format string, args ...interface{}) {
		fmt.Fprintf(os.Stderr, "ecr-api: "+format+"\n", args...)
		os.Exit(2)
	}
	if *certFile == "" || *keyFile == "" {
		fail("a TLS certificate and key are required (-tls-cert/-tls-key or ECR_TLS_CERT/ECR_TLS_KEY)")
	}
	if !registryIDPattern.MatchString(*account) {
		fail("the account must be 12 digits, not %q", *account)
	}
	keys, err := loadKeys(*keysFile, os.Getenv("ECR_KEYS"), *account)
	if err != nil {
		fail("%v", err)
	}
	if len(keys) == 0 {
		fail("no access keys given (-keys-file, ECR_KEYS_FILE or ECR_KEYS)")
	}
	password, err := loadPassword(*passwordFile)
	if err != nil {
		fail("%v", err)
	}
	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		fail("cannot load the TLS certificate and key: %v", err)
	}
	s := &server{keys: keys, password: password, account: *account, ttl: *ttl, now: time.Now, logOut: os.Stdout}
	srv := &http.Server{
		Addr:              *listen,
		Handler:           s,
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          log.New(os.Stderr, "ecr-api: ", 0),
	}
	fmt.Printf("%s ecr-api listening on %s (https), %d access key(s), default account %s\n",
		time.Now().UTC().Format(time.RFC3339), *listen, len(keys), *account)
	if err := srv.ListenAndServeTLS("", ""); err != nil {
		fail("%v", err)
	}
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func durationEnv(name string, fallback time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		if d, err := time.ParseDuration(v); err == nil && d > 0 {
			return d
		}
		fmt.Fprintf(os.Stderr, "ecr-api: ignoring %s=%q (not a positive duration such as 12h)\n", name, v)
	}
	return fallback
}

// loadKeys reads "ID:SECRET[:ACCOUNT]" entries from a file (one a line, # comments) and a comma-separated list.
func loadKeys(file, list, defaultAccount string) (map[string]key, error) {
	keys := map[string]key{}
	add := func(entry, where string) error {
		entry = strings.TrimSpace(entry)
		if entry == "" || strings.HasPrefix(entry, "#") {
			return nil
		}
		parts := strings.SplitN(entry, ":", 3)
		if len(parts) < 2 || !accessKeyPattern.MatchString(parts[0]) || parts[1] == "" {
			// never echo the entry: it holds a secret
			return fmt.Errorf("%s: an entry is not ACCESS_KEY_ID:SECRET_ACCESS_KEY[:ACCOUNT]", where)
		}
		k := key{secret: parts[1], account: defaultAccount}
		if len(parts) == 3 {
			if !registryIDPattern.MatchString(parts[2]) {
				return fmt.Errorf("%s: the account of key %s must be 12 digits", where, parts[0])
			}
			k.account = parts[2]
		}
		keys[parts[0]] = k
		return nil
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("cannot read the keys file: %v", err)
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if err := add(sc.Text(), file); err != nil {
				return nil, err
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("cannot read the keys file: %v", err)
		}
	}
	for _, entry := range strings.Split(list, ",") {
		if err := add(entry, "ECR_KEYS"); err != nil {
			return nil, err
		}
	}
	return keys, nil
}

func loadPassword(file string) (string, error) {
	if file == "" {
		return "", errors.New("no registry password file given (-password-file or ECR_PASSWORD_FILE)")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("cannot read the password file: %v", err)
	}
	p := strings.TrimRight(strings.SplitN(string(b), "\n", 2)[0], "\r")
	if p == "" {
		return "", errors.New("the password file is empty")
	}
	return p, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	requestID := newRequestID()
	keyID := "-"
	outcome := func(status int, what string) {
		s.logMu.Lock()
		defer s.logMu.Unlock()
		fmt.Fprintf(s.logOut, "%s target=%s accessKeyId=%s status=%d outcome=%s requestId=%s\n",
			s.now().UTC().Format(time.RFC3339Nano), orDash(target), keyID, status, what, requestID)
	}
	w.Header().Set("x-amzn-RequestId", requestID)

	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		e := apiError{http.StatusBadRequest, "SerializationException", "Request body could not be read"}
		writeError(w, e)
		outcome(e.status, e.code)
		return
	}

	a, authErr := s.authenticate(r, body)
	if a.AccessKeyID != "" {
		keyID = a.AccessKeyID
	}
	if authErr != nil {
		writeError(w, *authErr)
		outcome(authErr.status, authErr.code)
		return
	}

	switch target {
	case targetPrefix + "GetAuthorizationToken":
		resp, e := s.getAuthorizationToken(a, body)
		if e != nil {
			writeError(w, *e)
			outcome(e.status, e.code)
			return
		}
		w.Header().Set("Content-Type", jsonContentType)
		w.WriteHeader(http.StatusOK)
		w.Write(resp.json)
		outcome(http.StatusOK, "GetAuthorizationToken registryIds="+strings.Join(resp.registryIDs, ","))
	default:
		// what AWS's JSON services answer for a target they do not know
		e := apiError{http.StatusBadRequest, "UnknownOperationException", ""}
		writeError(w, e)
		outcome(e.status, e.code)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// authenticate checks the SigV4 Authorization header the way AWS does, in AWS's order: a missing header,
// an incomplete one, an unknown access key id, then the signature itself.
func (s *server) authenticate(r *http.Request, body []byte) (authorization, *apiError) {
	a, err := parseAuthorization(r.Header.Get("Authorization"))
	if errors.Is(err, errNoAuthorization) {
		return a, &apiError{http.StatusBadRequest, "MissingAuthenticationTokenException", "Missing Authentication Token"}
	}
	var inc incompleteSignature
	if errors.As(err, &inc) {
		return a, &apiError{http.StatusBadRequest, "IncompleteSignatureException", inc.msg}
	}
	amzDate := r.Header.Get("X-Amz-Date")
	if amzDate == "" {
		return a, &apiError{http.StatusBadRequest, "IncompleteSignatureException",
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."}
	}
	k, known := s.keys[a.AccessKeyID]
	if !known {
		return a, &apiError{http.StatusBadRequest, "UnrecognizedClientException",
			"The security token included in the request is invalid."}
	}
	if r.Header.Get("X-Amz-Security-Token") != "" {
		// only long-term keys are configured: any session token is one this endpoint never issued
		return a, &apiError{http.StatusBadRequest, "UnrecognizedClientException",
			"The security token included in the request is invalid."}
	}
	canonical := canonicalRequest(r, body, a.SignedHeaders)
	sts := stringToSign(amzDate, a.Scope(), canonical)
	if !hmacEqual(signature(k.secret, a, sts), a.Signature) {
		return a, &apiError{http.StatusBadRequest, "InvalidSignatureException",
			"The request signature we calculated does not match the signature you provided. " +
				"Check your AWS Secret Access Key and signing method. Consult the service documentation for details." +
				"\n\nThe Canonical String for this request should have been\n'" + canonical + "'\n\n" +
				"The String-to-Sign should have been\n'" + sts + "'\n"}
	}
	return a, nil
}

func hmacEqual(a, b string) bool {
	x, errX := hex.DecodeString(a)
	y, errY := hex.DecodeString(b)
	if errX != nil || errY != nil || len(x) != len(y) {
		return false
	}
	var d byte
	for i := range x {
		d |= x[i] ^ y[i]
	}
	return d == 0
}

type tokenResponse struct {
	json        []byte
	registryIDs []string
}

// getAuthorizationToken: input {"registryIds":["..."]} (optional); output one authorizationData per
// registry id, or one for the caller's own registry when none is given.
func (s *server) getAuthorizationToken(a authorization, body []byte) (*tokenResponse, *apiError) {
	var in struct {
		RegistryIds []string `json:"registryIds"`
	}
	if len(strings.TrimSpace(string(body))) > 0 {
		if err := json.Unmarshal(body, &in); err != nil {
			return nil, &apiError{http.StatusBadRequest, "SerializationException", ""}
		}
	}
	ids := in.RegistryIds
	if len(ids) == 0 {
		ids = []string{s.keys[a.AccessKeyID].account}
	}
	for _, id := range ids {
		if !registryIDPattern.MatchString(id) {
			return nil, &apiError{http.StatusBadRequest, "InvalidParameterException",
				"Invalid parameter at 'registryIds' failed to satisfy constraint: " +
					"'Member must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]{12}]'"}
		}
	}
	token := base64.StdEncoding.EncodeToString([]byte("AWS:" + s.password))
	expires := float64(s.now().Add(s.ttl).UnixMilli()) / 1000
	type data struct {
		AuthorizationToken string      `json:"authorizationToken"`
		ExpiresAt          json.Number `json:"expiresAt"`
		ProxyEndpoint      string      `json:"proxyEndpoint"`
	}
	out := struct {
		AuthorizationData []data `json:"authorizationData"`
	}{}
	for _, id := range ids {
		out.AuthorizationData = append(out.AuthorizationData, data{
			AuthorizationToken: token,
			ExpiresAt:          json.Number(fmt.Sprintf("%.3f", expires)),
			ProxyEndpoint:      "https://" + id + ".dkr.ecr." + a.Region + "." + dnsSuffix(a.Region),
		})
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, &apiError{http.StatusInternalServerError, "ServerException", "internal error"}
	}
	return &tokenResponse{json: b, registryIDs: ids}, nil
}

// dnsSuffix of a region's endpoints (AWS partitions): China regions use amazonaws.com.cn.
func dnsSuffix(region string) string {
	if strings.HasPrefix(region, "cn-") {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

func writeError(w http.ResponseWriter, e apiError) {
	body := map[string]string{"__type": e.code}
	if e.message != "" {
		body["message"] = e.message
	}
	b, _ := json.Marshal(body)
	w.Header().Set("Content-Type", jsonContentType)
	w.WriteHeader(e.status)
	w.Write(b)
}

func newRequestID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "00000000-0000-0000-0000-000000000000"
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
