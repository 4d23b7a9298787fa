package main

// A minimal Docker Engine API client (the calls gitlab-runner's docker
// executor makes through moby's client): image inspect and pull with
// X-Registry-Auth, container create/start/logs/wait/remove. Unversioned paths,
// so the daemon answers at its own API version.

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

type dockerClient struct {
	hc   *http.Client
	base string
}

func newDockerClient(host string) (*dockerClient, error) {
	if host == "" {
		host = "unix:///var/run/docker.sock"
	}
	u, err := url.Parse(host)
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{}
	base := "http://docker"
	switch u.Scheme {
	case "unix":
		sock := u.Path
		tr.DialContext = func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", sock)
		}
	case "tcp", "http":
		base = "http://" + u.Host
	default:
		return nil, fmt.Errorf("unsupported docker host %q (stand-in: unix:// and plain tcp:// only)", host)
	}
	return &dockerClient{hc: &http.Client{Transport: tr}, base: base}, nil
}

func (d *dockerClient) do(ctx context.Context, method, p string, q url.Values, body any, hdr map[string]string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = strings.NewReader(string(b))
	}
	u := d.base + p
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := d.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("error during connect: %w", err)
	}
	return resp, nil
}

// apiError: moby's client wording for an error answer.
func apiError(resp *http.Response) error {
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var m struct {
		Message string `json:"message"`
	}
	msg := strings.TrimSpace(string(b))
	if json.Unmarshal(b, &m) == nil && m.Message != "" {
		msg = m.Message
	}
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	return &daemonError{code: resp.StatusCode, msg: "Error response from daemon: " + msg}
}

type daemonError struct {
	code int
	msg  string
}

func (e *daemonError) Error() string { return e.msg }

func isNotFound(err error) bool {
	var de *daemonError
	return errors.As(err, &de) && de.code == http.StatusNotFound
}

type imageInfo struct {
	ID          string   `json:"Id"`
	RepoDigests []string `json:"RepoDigests"`
}

func (d *dockerClient) imageInspect(ctx context.Context, name string) (*imageInfo, error) {
	resp, err := d.do(ctx, http.MethodGet, "/images/"+name+"/json", nil, nil, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, apiError(resp)
	}
	defer resp.Body.Close()
	var ii imageInfo
	if err := json.NewDecoder(resp.Body).Decode(&ii); err != nil {
		return nil, err
	}
	return &ii, nil
}

// imagePull: POST /images/create, then the progress stream to its end; an
// error message in the stream is the pull's error (jsonmessage).
func (d *dockerClient) imagePull(ctx context.Context, ref, registryAuth string) error {
	q := url.Values{}
	name, tag := ref, ""
	if !strings.Contains(ref, "@") {
		if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
			name, tag = ref[:i], ref[i+1:]
		}
	}
	q.Set("fromImage", name)
	if tag != "" {
		q.Set("tag", tag)
	}
	hdr := map[string]string{}
	if registryAuth != "" {
		hdr["X-Registry-Auth"] = registryAuth
	}
	resp, err := d.do(ctx, http.MethodPost, "/images/create", q, nil, hdr)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return apiError(resp)
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for {
		var m struct {
			Error       string `json:"error"`
			ErrorDetail *struct {
				Message string `json:"message"`
			} `json:"errorDetail"`
		}
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if m.ErrorDetail != nil && m.ErrorDetail.Message != "" {
			return errors.New(m.ErrorDetail.Message)
		}
		if m.Error != "" {
			return errors.New(m.Error)
		}
	}
}

func (d *dockerClient) containerCreate(ctx context.Context, name string, cfg map[string]any) (string, error) {
	resp, err := d.do(ctx, http.MethodPost, "/containers/create", url.Values{"name": {name}}, cfg, nil)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusCreated {
		return "", apiError(resp)
	}
	defer resp.Body.Close()
	var r struct {
		ID string `json:"Id"`
	}
	err = json.NewDecoder(resp.Body).Decode(&r)
	return r.ID, err
}

func (d *dockerClient) simple(ctx context.Context, method, p string, q url.Values, ok ...int) error {
	resp, err := d.do(ctx, method, p, q, nil, nil)
	if err != nil {
		return err
	}
	for _, c := range ok {
		if resp.StatusCode == c {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return nil
		}
	}
	return apiError(resp)
}

func (d *dockerClient) containerStart(ctx context.Context, id string) error {
	return d.simple(ctx, http.MethodPost, "/containers/"+id+"/start", nil, http.StatusNoContent, http.StatusNotModified)
}

func (d *dockerClient) containerRemove(ctx context.Context, id string) error {
	return d.simple(ctx, http.MethodDelete, "/containers/"+id, url.Values{"force": {"1"}, "v": {"1"}},
		http.StatusNoContent, http.StatusNotFound)
}

func (d *dockerClient) containerWait(ctx context.Context, id string) (int, error) {
	resp, err := d.do(ctx, http.MethodPost, "/containers/"+id+"/wait", nil, nil, nil)
	if err != nil {
		return -1, err
	}
	if resp.StatusCode != http.StatusOK {
		return -1, apiError(resp)
	}
	defer resp.Body.Close()
	var r struct {
		StatusCode int
	}
	err = json.NewDecoder(resp.Body).Decode(&r)
	return r.StatusCode, err
}

// containerLogs follows the container's (non-TTY, multiplexed) output until it
// stops, handing stdout and stderr chunks to out(stream, data).
func (d *dockerClient) containerLogs(ctx context.Context, id string, out func(stderr bool, p []byte)) error {
	q := url.Values{"follow": {"1"}, "stdout": {"1"}, "stderr": {"1"}}
	resp, err := d.do(ctx, http.MethodGet, "/containers/"+id+"/logs", q, nil, nil)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return apiError(resp)
	}
	defer resp.Body.Close()
	r := bufio.NewReader(resp.Body)
	hdr := make([]byte, 8)
	for {
		if _, err := io.ReadFull(r, hdr); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return nil
			}
			return err
		}
		n := binary.BigEndian.Uint32(hdr[4:])
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return err
		}
		out(hdr[0] == 2, buf)
	}
}

func (d *dockerClient) containerStop(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_ = d.simple(ctx, http.MethodPost, "/containers/"+id+"/kill", nil, http.StatusNoContent, http.StatusConflict, http.StatusNotFound)
}
