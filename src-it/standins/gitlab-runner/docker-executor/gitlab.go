package main

// The job side of the runner API (gitlab-runner network/gitlab.go and
// network/trace.go): PUT /api/v4/jobs/:id (state, failure_reason, exit_code,
// output.checksum/bytesize) and PATCH /api/v4/jobs/:id/trace (JOB-TOKEN,
// Content-Range, 202/416/403).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	version   = "19.4.1"
	revision  = "c2c9a6b4"
	branch    = "19-4-stable"
	goVersion = "go1.24.6"
	userAgent = "gitlab-runner " + version + " (" + branch + "; " + goVersion + "; linux/amd64)"
)

type gitlab struct {
	base     string // .../api/v4
	jobID    int64
	jobToken string
	info     map[string]any
	hc       *http.Client
}

func fixURL(u string) string {
	u = strings.TrimRight(u, "/")
	u = strings.TrimSuffix(u, "/ci")
	return u
}

func runnerInfo() map[string]any {
	return map[string]any{
		"name": "gitlab-runner", "version": version, "revision": revision,
		"platform": "linux", "architecture": "amd64", "executor": "docker", "shell": "bash",
		"features": map[string]bool{
			"variables": true, "image": true, "services": true, "artifacts": true, "cache": true,
			"fallback_cache_keys": true, "shared": false, "upload_multiple_artifacts": true,
			"upload_raw_artifacts": true, "session": true, "terminal": true, "refspecs": true,
			"masking": true, "proxy": false, "raw_variables": true, "artifacts_exclude": true,
			"multi_build_steps": true, "trace_reset": true, "trace_checksum": true, "trace_size": true,
			"vault_secrets": true, "cancelable": true, "return_exit_code": true, "service_variables": true,
			"service_multiple_aliases": true, "image_executor_opts": true, "service_executor_opts": true,
			"cancel_gracefully": true, "native_steps_integration": false, "two_phase_job_commit": true,
			"job_inputs": true,
		},
		"config": map[string]string{"gpus": ""},
	}
}

func (g *gitlab) request(method, path string, body []byte, hdr map[string]string) (*http.Response, []byte, error) {
	req, err := http.NewRequest(method, g.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("JOB-TOKEN", g.jobToken)
	req.Header.Set("X-Request-Id", randHex(16))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := g.hc.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, b, nil
}

// updateJob: PUT /jobs/:id. Returns the HTTP status (-1: client error) and
// the X-GitLab-Trace-Update-Interval the server asked for.
func (g *gitlab) updateJob(state, failureReason string, exitCode int, output map[string]any) (int, time.Duration) {
	body := map[string]any{"info": g.info, "token": g.jobToken, "state": state, "output": output}
	if failureReason != "" {
		body["failure_reason"] = failureReason
	}
	if exitCode != 0 {
		body["exit_code"] = exitCode
	}
	b, _ := json.Marshal(body)
	resp, _, err := g.request(http.MethodPut, fmt.Sprintf("/jobs/%d", g.jobID), b, map[string]string{"Content-Type": "application/json"})
	if err != nil {
		return -1, 0
	}
	iv, _ := strconv.Atoi(resp.Header.Get("X-GitLab-Trace-Update-Interval"))
	return resp.StatusCode, time.Duration(iv) * time.Second
}

// traceSender sends the growing log with PATCH, like clientJobTrace.
type traceSender struct {
	g       *gitlab
	log     *jobLog
	mu      sync.Mutex
	sent    int
	aborted bool
}

func (t *traceSender) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.aborted {
		return
	}
	data := t.log.snapshot()
	for attempt := 0; attempt < 5 && t.sent < len(data); attempt++ {
		chunk := data[t.sent:]
		if len(chunk) > 1<<20 {
			chunk = chunk[:1<<20]
		}
		rng := fmt.Sprintf("%d-%d", t.sent, t.sent+len(chunk)-1)
		resp, _, err := t.g.request("PATCH", fmt.Sprintf("/jobs/%d/trace?debug_trace=false", t.g.jobID), chunk,
			map[string]string{"Content-Type": "text/plain", "Content-Range": rng})
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		switch resp.StatusCode {
		case http.StatusAccepted:
			t.sent += len(chunk)
			attempt = -1
		case http.StatusRequestedRangeNotSatisfiable:
			// the server tells how much it has: "0-<size>"
			r := resp.Header.Get("Range")
			if _, after, ok := strings.Cut(r, "-"); ok {
				if n, err := strconv.Atoi(after); err == nil && n <= len(data) {
					t.sent = n
				}
			}
		case http.StatusForbidden, http.StatusNotFound:
			t.aborted = true
			return
		default:
			time.Sleep(time.Second)
		}
	}
}

func (t *traceSender) run(stop <-chan struct{}) {
	tick := time.NewTicker(3 * time.Second) // the runner's default update interval
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			t.flush()
		}
	}
}

func checksum(b []byte) string {
	return fmt.Sprintf("crc32:%08x", crc32.ChecksumIEEE(b))
}
