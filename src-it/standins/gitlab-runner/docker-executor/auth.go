package main

// Registry credentials for the executor's pulls, resolved the way
// gitlab-runner's helpers/docker/auth/auth.go does it (with docker/cli's
// configfile and credentials packages and docker-credential-helpers' client):
//
//  1. $DOCKER_AUTH_CONFIG (the last DOCKER_AUTH_CONFIG among the job's
//     variables: runner `environment` first, job variables after, so a job
//     variable wins),
//  2. ~/.docker/config.json (else ~/.dockercfg) of the runner process,
//  3. the job payload's `credentials` of type "registry".
//
// The first source that names a registry wins for it. A source that fails
// (bad JSON, a helper that fails) is dropped whole with the warning
// "Failed to resolve credentials from <source>: <error>. Credentials from this
// source will not be used." in the job log.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

const (
	defaultDockerRegistry = "docker.io"
	sourceUserVariable    = "$DOCKER_AUTH_CONFIG"
	sourceJobPayload      = "job payload (GitLab Registry)"
)

var errPathTraversal = errors.New("path traversal is not allowed")

type authConfig struct {
	Username      string `json:"username,omitempty"`
	Password      string `json:"password,omitempty"`
	Auth          string `json:"auth,omitempty"`
	Email         string `json:"email,omitempty"`
	ServerAddress string `json:"serveraddress,omitempty"`
	IdentityToken string `json:"identitytoken,omitempty"`
	RegistryToken string `json:"registrytoken,omitempty"`
}

type registryInfo struct {
	Path   string
	Source string
	Auth   authConfig
}

type dockerConfigFile struct {
	AuthConfigs       map[string]authConfig `json:"auths"`
	CredentialsStore  string                `json:"credsStore,omitempty"`
	CredentialHelpers map[string]string     `json:"credHelpers,omitempty"`
}

// authLogger gets the job-log lines (Warningln) and debug lines.
type authLogger interface {
	Warningln(args ...any)
}

func allConfigs(dockerAuthConfig string, creds []jobCredential, log authLogger) ([]registryInfo, error) {
	type source func() (string, []authConfig, error)
	sources := []source{
		func() (string, []authConfig, error) {
			acs, err := readConfigs([]byte(dockerAuthConfig))
			if err != nil {
				return sourceUserVariable, nil, err
			}
			if acs == nil {
				return "", nil, nil
			}
			return sourceUserVariable, acs, nil
		},
		homeDirConfigs,
		func() (string, []authConfig, error) {
			var acs []authConfig
			for _, c := range creds {
				if c.Type != "registry" {
					continue
				}
				acs = append(acs, authConfig{Username: c.Username, Password: c.Password, ServerAddress: c.URL})
			}
			return sourceJobPayload, acs, nil
		},
	}
	var res []registryInfo
	for _, s := range sources {
		src, acs, err := s()
		if errors.Is(err, errPathTraversal) {
			return nil, err
		}
		if err != nil {
			log.Warningln(fmt.Sprintf("Failed to resolve credentials from %v: %v. Credentials from this source will not be used.", src, err))
			continue
		}
	next:
		for _, ac := range acs {
			p := convertToRegistryPath(ac.ServerAddress)
			for _, have := range res {
				if have.Path == p {
					continue next // first source wins (logged at debug level upstream)
				}
			}
			res = append(res, registryInfo{Path: p, Source: src, Auth: ac})
		}
	}
	return res, nil
}

// configForImage: the registry entry with the longest path match for the image.
func configForImage(image, dockerAuthConfig string, creds []jobCredential, log authLogger) (*registryInfo, error) {
	all, err := allConfigs(dockerAuthConfig, creds, log)
	if len(all) == 0 || err != nil {
		return nil, err
	}
	for p := normalizeImageRef(image); p != ""; p = parentPath(p) {
		for i := range all {
			if all[i].Path == p {
				return &all[i], nil
			}
		}
	}
	return nil, nil
}

func parentPath(p string) string {
	i := strings.LastIndex(p, "/")
	if i < 0 {
		return ""
	}
	return p[:i]
}

func homeDirConfigs() (string, []authConfig, error) {
	home := os.Getenv("HOME")
	if home == "" {
		home = "/root"
	}
	var f *os.File
	var err error
	for _, fn := range []string{filepath.Join(home, ".docker", "config.json"), filepath.Join(home, ".dockercfg")} {
		f, err = os.Open(fn)
		if err == nil {
			break
		}
	}
	if err != nil && !os.IsNotExist(err) {
		return "", nil, err
	}
	if f == nil {
		return "", nil, nil
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		return f.Name(), nil, err
	}
	acs, err := readConfigs(buf.Bytes())
	return f.Name(), acs, err
}

// readConfigs: docker/cli ConfigFile.LoadFromReader + ContainsAuth +
// GetAuthConfigs, then credsStore (list once, get per listed host) and
// credHelpers (get per registry), the helpers' answers overriding "auths".
func readConfigs(data []byte) ([]authConfig, error) {
	var cf dockerConfigFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&cf); err != nil && err.Error() != "EOF" {
		return nil, err
	}
	auths := map[string]authConfig{}
	for addr, ac := range cf.AuthConfigs {
		if ac.Auth != "" {
			u, p, err := decodeAuth(ac.Auth)
			if err != nil {
				return nil, err
			}
			ac.Username, ac.Password = u, p
		}
		ac.Auth = ""
		ac.ServerAddress = addr
		auths[addr] = ac
	}
	if cf.CredentialsStore == "" && len(cf.CredentialHelpers) == 0 && len(cf.AuthConfigs) == 0 {
		return nil, nil
	}
	if cf.CredentialsStore != "" {
		if cf.CredentialsStore != filepath.Base(cf.CredentialsStore) {
			return nil, errPathTraversal
		}
		listed, err := helperList("docker-credential-" + cf.CredentialsStore)
		if err != nil {
			return nil, err
		}
		for _, registry := range sortedKeys(listed) {
			c, err := helperGet("docker-credential-"+cf.CredentialsStore, registry)
			if err != nil {
				return nil, err
			}
			ac := auths[registry]
			ac.Username, ac.Password, ac.IdentityToken = c.Username, c.Password, c.IdentityToken
			if ac.ServerAddress == "" {
				ac.ServerAddress = c.ServerAddress
			}
			auths[registry] = ac
		}
	}
	for _, registry := range sortedKeys(cf.CredentialHelpers) {
		helper := cf.CredentialHelpers[registry]
		if helper != filepath.Base(helper) {
			return nil, errPathTraversal
		}
		ac := fileStoreGet(cf.AuthConfigs, registry)
		c, err := helperGet("docker-credential-"+helper, registry)
		if err != nil {
			return nil, err
		}
		ac.Username, ac.IdentityToken, ac.Password, ac.ServerAddress = c.Username, c.IdentityToken, c.Password, c.ServerAddress
		auths[registry] = ac
	}
	var out []authConfig
	for _, k := range sortedKeys(auths) {
		out = append(out, auths[k])
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func fileStoreGet(auths map[string]authConfig, server string) authConfig {
	if ac, ok := auths[server]; ok {
		return ac
	}
	for r, ac := range auths {
		if server == convertToHostname(r) {
			return ac
		}
	}
	return authConfig{}
}

func convertToHostname(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	h, _, _ := strings.Cut(s, "/")
	return h
}

func decodeAuth(s string) (string, string, error) {
	dec, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", "", err
	}
	u, p, ok := strings.Cut(string(dec), ":")
	if !ok || u == "" {
		return "", "", errors.New("Invalid auth configuration file")
	}
	return u, strings.Trim(p, "\x00"), nil
}

// ---- docker-credential-helpers client protocol ----

const (
	msgNotFound         = "credentials not found in native keychain"
	msgMissingServerURL = "no credentials server URL"
	msgMissingUsername  = "no credentials username"
	tokenUsername       = "<token>"
)

var errNotFound = errors.New(msgNotFound)

// runHelper runs a helper by bare name from PATH, request on stdin, its
// stderr going to ours (the runner's log), stdout captured: like
// docker-credential-helpers' client.
func runHelper(program, action, input string) ([]byte, error) {
	cmd := exec.Command(program, action)
	cmd.Stdin = strings.NewReader(input)
	cmd.Stderr = os.Stderr
	return cmd.Output()
}

func helperError(op string, out []byte, err error) error {
	t := strings.TrimSpace(string(out))
	switch t {
	case msgMissingServerURL, msgMissingUsername:
		return errors.New(t)
	}
	return fmt.Errorf("error %s credentials - err: %v, out: `%s`", op, err, t)
}

type helperCreds struct {
	Username, Password, IdentityToken, ServerAddress string
}

// helperGet is docker/cli's nativeStore.getCredentialsFromStore: "not found"
// is no error but empty credentials (with no server address).
func helperGet(program, server string) (helperCreds, error) {
	out, err := runHelper(program, "get", server)
	if err != nil {
		if strings.TrimSpace(string(out)) == msgNotFound {
			return helperCreds{}, nil
		}
		return helperCreds{}, helperError("getting", out, err)
	}
	var resp struct {
		ServerURL string
		Username  string
		Secret    string
	}
	if err := json.NewDecoder(bytes.NewReader(out)).Decode(&resp); err != nil {
		return helperCreds{}, err
	}
	c := helperCreds{ServerAddress: server}
	if resp.Username == tokenUsername {
		c.IdentityToken = resp.Secret
	} else {
		c.Username, c.Password = resp.Username, resp.Secret
	}
	return c, nil
}

func helperList(program string) (map[string]string, error) {
	out, err := runHelper(program, "list", "unused")
	if err != nil {
		return nil, helperError("listing", out, err)
	}
	var resp map[string]string
	if err := json.NewDecoder(bytes.NewReader(out)).Decode(&resp); err != nil {
		return nil, err
	}
	return resp, nil
}

// ---- image reference helpers (auth.go) ----

func normalizeImageRef(image string) string {
	dir, name := path.Split(image)
	name, _, _ = strings.Cut(name, ":")
	n := path.Join(dir, name)
	parts := strings.SplitN(n, "/", 2)
	isDockerIO := len(parts) == 1 || (!strings.Contains(parts[0], ".") && !strings.Contains(parts[0], ":") &&
		!strings.EqualFold(parts[0], "localhost"))
	switch {
	case isDockerIO:
		n = path.Join(defaultDockerRegistry, n)
	case strings.EqualFold(parts[0], "index."+defaultDockerRegistry):
		_, n, _ = strings.Cut(n, ".")
	}
	return lowerHost(n)
}

func lowerHost(p string) string {
	parts := strings.SplitN(p, "/", 2)
	h := strings.ToLower(parts[0])
	if len(parts) == 1 {
		return h
	}
	return h + "/" + parts[1]
}

var protoRe = regexp.MustCompile("(?i)^https?://")

func convertToRegistryPath(ref string) string {
	if protoRe.MatchString(ref) {
		p := protoRe.ReplaceAllString(ref, "")
		p = strings.ToLower(strings.SplitN(p, "/", 2)[0])
		if p == "index."+defaultDockerRegistry {
			return defaultDockerRegistry
		}
		return p
	}
	p := strings.TrimSuffix(ref, "/")
	tag := strings.LastIndex(p, ":")
	slash := strings.LastIndex(p, "/")
	if slash != -1 && tag > slash {
		p = p[:tag]
	}
	return lowerHost(p)
}

// encodeAuthHeader: X-Registry-Auth, as gitlab-runner's auth.EncodeConfig
// (JSON of the AuthConfig, URL-safe base64).
func encodeAuthHeader(ac *authConfig) string {
	if ac == nil {
		return ""
	}
	var buf bytes.Buffer
	_ = json.NewEncoder(&buf).Encode(ac)
	return base64.URLEncoding.EncodeToString(buf.Bytes())
}
