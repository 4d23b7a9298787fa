// docker-executor - runs ONE job of the gitlab-runner stand-in the way
// gitlab-runner's docker executor does (executors/docker, helpers/docker/auth,
// executors/docker/internal/pull, common/build.go): the job's image is pulled
// by the Docker engine through the mounted socket with X-Registry-Auth from
// DOCKER_AUTH_CONFIG / ~/.docker/config.json / the job's credentials, the
// script runs in a build container (`sh -c`) with the [runners.docker]
// volumes, privileged and network_mode and the runner's `environment` plus
// the job variables, and the log and the result go back to GitLab.
//
// Started by the stand-in's `gitlab-runner run` for each job it receives:
//
//	docker-executor -config /etc/gitlab-runner/config.toml -job FILE
//
// with STANDIN_RUNNER_TOKEN (which [[runners]] entry) and STANDIN_SYSTEM_ID in
// its environment; FILE holds the job payload of POST /jobs/request (it is
// removed once read). config.toml is read now, so a change made while the
// runner runs applies to the next job. Runner log lines go to stderr in the
// runner's text format. Standard library only.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
)

type jobVar struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	Public   bool   `json:"public"`
	Internal bool   `json:"-"`
	File     bool   `json:"file"`
	Masked   bool   `json:"masked"`
	Raw      bool   `json:"raw"`
}

type jobCredential struct {
	Type     string `json:"type"`
	URL      string `json:"url"`
	Username string `json:"username"`
	Password string `json:"password"`
}

type jobPayload struct {
	ID      int64  `json:"id"`
	Token   string `json:"token"`
	JobInfo struct {
		Name            string `json:"name"`
		Stage           string `json:"stage"`
		ProjectID       int64  `json:"project_id"`
		ProjectName     string `json:"project_name"`
		ProjectFullPath string `json:"project_full_path"`
	} `json:"job_info"`
	GitInfo struct {
		RepoURL string `json:"repo_url"`
	} `json:"git_info"`
	RunnerInfo struct {
		Timeout int `json:"timeout"`
	} `json:"runner_info"`
	Variables []jobVar `json:"variables"`
	Steps     []struct {
		Name         string   `json:"name"`
		Script       []string `json:"script"`
		Timeout      int      `json:"timeout"`
		When         string   `json:"when"`
		AllowFailure bool     `json:"allow_failure"`
	} `json:"steps"`
	Image struct {
		Name       string   `json:"name"`
		Entrypoint []string `json:"entrypoint"`
		PullPolicy []string `json:"pull_policy"`
	} `json:"image"`
	Credentials []jobCredential `json:"credentials"`
	Features    struct {
		FailureReasons []string `json:"failure_reasons"`
	} `json:"features"`
}

// buildError is common.BuildError: an error with a job failure reason.
type buildError struct {
	inner    error
	reason   string
	exitCode int
}

func (b *buildError) Error() string { return b.inner.Error() }
func (b *buildError) Unwrap() error { return b.inner }

const (
	scriptFailure       = "script_failure"
	runnerSystemFailure = "runner_system_failure"
	jobExecutionTimeout = "job_execution_timeout"
	imagePullFailure    = "image_pull_failure"
	unknownFailure      = "unknown_failure"
	configurationError  = "runner_configuration_error"
	externalDependency  = "runner_external_dependency_failure"
	runnerInterrupted   = "runner_interrupted"
)

func main() {
	cfgPath := flag.String("config", "/etc/gitlab-runner/config.toml", "config.toml")
	jobFile := flag.String("job", "", "file with the job payload")
	flag.Parse()
	token := os.Getenv("STANDIN_RUNNER_TOKEN")
	os.Unsetenv("STANDIN_RUNNER_TOKEN")
	systemID := os.Getenv("STANDIN_SYSTEM_ID")

	raw, err := os.ReadFile(*jobFile)
	_ = os.Remove(*jobFile)
	if err != nil {
		logf("error", "Failed to read the job payload", "error="+err.Error())
		os.Exit(1)
	}
	var job jobPayload
	if err := json.Unmarshal(raw, &job); err != nil {
		logf("error", "Failed to decode the job payload", "error="+err.Error())
		os.Exit(1)
	}
	text, err := os.ReadFile(*cfgPath)
	if err != nil {
		logf("error", "Failed to load config "+err.Error())
		os.Exit(1)
	}
	cfg, err := parseTOML(string(text))
	if err != nil {
		logf("error", "Failed to load config "+err.Error())
		os.Exit(1)
	}
	var runner map[string]any
	if rs, ok := cfg["runners"].([]map[string]any); ok {
		for _, r := range rs {
			if tStr(r, "token") == token {
				runner = r
				break
			}
		}
	}
	if runner == nil {
		logf("error", "Runner entry for the job is no longer in the configuration", fmt.Sprintf("job=%d", job.ID))
		os.Exit(1)
	}
	os.Exit(runJob(&job, runner, token, systemID))
}

// logf writes one runner log line (log/runner_formatter.go): prefix,
// message padded to 50 columns, then " key=value" fields sorted by key.
func logf(level, msg string, fields ...string) {
	prefix := map[string]string{"warn": "WARNING: ", "error": "ERROR: "}[level]
	sort.Strings(fields)
	line := fmt.Sprintf("%s%-*s ", prefix, 50-len(prefix), msg)
	for _, f := range fields {
		line += " " + f
	}
	fmt.Fprintln(os.Stderr, line)
}

func shortToken(t string) string {
	for _, p := range []string{"glrt-t1_", "glrt-t2_", "glrt-t3_", "glrt-", "t1_", "t2_", "t3_", "glrtr-"} {
		if strings.HasPrefix(t, p) {
			t = t[len(p):]
			break
		}
	}
	t = strings.TrimPrefix(t, "glcbt-")
	if len(t) > 9 {
		t = t[:9]
	}
	return t
}

func randHex(n int) string {
	b := make([]byte, n/2+1)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)[:n]
}

type executor struct {
	job      *jobPayload
	runner   map[string]any
	docker   map[string]any
	log      *jobLog
	dc       *dockerClient
	vars     []jobVar
	used     map[string]string
	short    string
	ctx      context.Context
	hostname string
}

func runJob(job *jobPayload, runner map[string]any, token, systemID string) int {
	short := shortToken(token)
	rf := []string{fmt.Sprintf("job=%d", job.ID), "runner=" + short}
	g := &gitlab{
		base: fixURL(tStr(runner, "url")) + "/api/v4", jobID: job.ID, jobToken: job.Token,
		info: runnerInfo(), hc: &http.Client{Timeout: 60 * time.Second},
	}
	logf("info", "Checking for jobs... received", append(rf, "repo_url="+cleanURL(job.GitInfo.RepoURL))...)

	// the job is accepted with a "running" update (commands/multi.go)
	code, _ := g.updateJob("running", "", 0, map[string]any{})
	if code != http.StatusOK {
		logf("warn", "Submitting job to coordinator... failed", append(rf, fmt.Sprintf("code=%d", code))...)
		return 1
	}

	var masks []string
	for _, v := range job.Variables {
		if v.Masked {
			masks = append(masks, v.Value)
		}
	}
	masks = append(masks, job.Token)
	jl := newJobLog(masks)
	sender := &traceSender{g: g, log: jl}
	stop := make(chan struct{})
	go sender.run(stop)

	ctx, cancel := context.WithCancel(context.Background())
	var interrupted os.Signal
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		s := <-sigs
		interrupted = s
		cancel()
	}()
	timeout := time.Duration(job.RunnerInfo.Timeout) * time.Second
	if timeout <= 0 {
		timeout = time.Hour
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, timeout)
	defer cancelTimeout()

	host, _ := os.Hostname()
	e := &executor{job: job, runner: runner, docker: tTable(runner, "docker"), log: jl, used: map[string]string{},
		short: short, ctx: ctx, hostname: host}

	jl.Println("Running with gitlab-runner " + version + " (" + revision + ")")
	jl.Println(fmt.Sprintf("  on %s %s, system ID: %s", tStr(runner, "name"), short, systemID))

	e.vars = e.variables()
	err := e.run()
	if ctx.Err() != nil && err != nil {
		switch {
		case interrupted != nil:
			err = &buildError{inner: fmt.Errorf("aborted: %v", interrupted), reason: runnerInterrupted}
		case errors.Is(ctx.Err(), context.DeadlineExceeded):
			err = &buildError{inner: fmt.Errorf("execution took longer than %v seconds", timeout), reason: jobExecutionTimeout}
		}
	}

	// common/build.go setTraceStatus
	state, reason, exitCode := "success", "", 0
	var be *buildError
	switch {
	case err == nil:
		jl.Infoln("Job succeeded")
		logf("info", "Job succeeded", append(rf, "project="+fmt.Sprint(job.JobInfo.ProjectID))...)
	case errors.As(err, &be):
		state, reason, exitCode = "failed", be.reason, be.exitCode
		msg := fmt.Sprint("Job failed: ", err)
		if be.reason == runnerSystemFailure {
			msg = fmt.Sprint("Job failed (system failure): ", err)
		}
		jl.SoftErrorln(msg)
		logf("warn", msg, append(rf, "failure_reason="+be.reason, fmt.Sprintf("exit_code=%d", be.exitCode))...)
	default:
		state, reason = "failed", runnerSystemFailure
		jl.Errorln("Job failed (system failure):", err)
		logf("error", "Job failed (system failure): "+err.Error(), rf...)
	}
	if reason != "" {
		reason = mapFailureReason(reason, job.Features.FailureReasons)
	}

	jl.close()
	close(stop)
	sender.flush()
	data := jl.snapshot()
	out := map[string]any{"checksum": checksum(data), "bytesize": len(data)}
	for attempt := 0; attempt < 30; attempt++ {
		code, iv := g.updateJob(state, reason, exitCode, out)
		if code == http.StatusOK {
			logf("info", "Submitting job to coordinator...ok", append(rf, fmt.Sprintf("bytesize=%d", len(data)), "code=200")...)
			break
		}
		if code == http.StatusForbidden || code == http.StatusNotFound {
			logf("warn", "Submitting job to coordinator... job failed", append(rf, fmt.Sprintf("code=%d", code))...)
			break
		}
		if iv <= 0 || iv > 5*time.Second {
			iv = time.Second
		}
		time.Sleep(iv)
	}
	return 0
}

func cleanURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.Index(u[i+3:], "@"); j >= 0 {
			return u[:i+3] + u[i+3+j+1:]
		}
	}
	return u
}

// mapFailureReason: common/failure_reason_mapper.go with the reasons the
// job's features.failure_reasons says GitLab supports.
func mapFailureReason(r string, supported []string) string {
	has := func(x string) bool {
		for _, s := range append(supported, scriptFailure, runnerSystemFailure, jobExecutionTimeout) {
			if s == x {
				return true
			}
		}
		return false
	}
	compat := map[string]string{imagePullFailure: runnerSystemFailure, configurationError: scriptFailure, externalDependency: runnerSystemFailure}
	for i := 0; i < 10; i++ {
		if has(r) {
			return r
		}
		n, ok := compat[r]
		if !ok {
			return unknownFailure
		}
		r = n
	}
	return unknownFailure
}

// variables: common/build.go GetAllVariables, the parts a job container
// sees: CI_JOB_IMAGE, the runner's (CI_RUNNER_SHORT_TOKEN, `environment`),
// defaults, the job's variables, then the runner's own; all expanded.
func (e *executor) variables() []jobVar {
	var vs []jobVar
	add := func(k, v string) { vs = append(vs, jobVar{Key: k, Value: v, Public: true, Internal: true}) }
	if e.job.Image.Name != "" {
		add("CI_JOB_IMAGE", e.job.Image.Name)
	}
	add("CI_RUNNER_SHORT_TOKEN", e.short)
	for _, env := range tStrs(e.runner, "environment") {
		if k, v, ok := strings.Cut(env, "="); ok {
			vs = append(vs, jobVar{Key: k, Value: v, Internal: true})
		}
	}
	project := e.job.JobInfo.ProjectFullPath
	if project == "" {
		project = "project-0"
	}
	add("CI_BUILDS_DIR", "/builds")
	add("CI_PROJECT_DIR", "/builds/"+project)
	add("CI_CONCURRENT_ID", "0")
	add("CI_CONCURRENT_PROJECT_ID", "0")
	add("CI_SERVER", "yes")
	vs = append(vs, e.job.Variables...)
	add("CI_DISPOSABLE_ENVIRONMENT", "true")
	add("CI_RUNNER_VERSION", version)
	add("CI_RUNNER_REVISION", revision)
	add("CI_RUNNER_EXECUTABLE_ARCH", "linux/amd64")
	out := make([]jobVar, 0, len(vs))
	for _, v := range vs {
		if !v.Raw {
			v.Value = os.Expand(v.Value, func(k string) string { return varValue(vs, k) })
		}
		out = append(out, v)
	}
	return out
}

// varValue: spec.Variables.Value, the last definition wins.
func varValue(vs []jobVar, key string) string {
	switch key {
	case "$":
		return key
	case "*", "#", "@", "!", "?", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9":
		return ""
	}
	for i := len(vs) - 1; i >= 0; i-- {
		if vs[i].Key == key {
			return vs[i].Value
		}
	}
	return ""
}

func (e *executor) projectUniqueName() string {
	return fmt.Sprintf("runner-%s-project-%d-concurrent-0", e.short, e.job.JobInfo.ProjectID)
}

func (e *executor) run() error {
	var imageName string
	var err error
	for attempt := 0; ; attempt++ {
		err = e.log.section("prepare_executor", `Preparing the "docker" executor`, func() error {
			imageName, err = e.prepare()
			return err
		})
		var be *buildError
		if err == nil || errors.As(err, &be) || attempt == 2 || e.ctx.Err() != nil {
			break
		}
		// common/build.go retryCreateExecutor
		e.log.SoftErrorln("Preparation failed:", err)
		e.log.Infoln("Will be retried in", 3*time.Second, "...")
		select {
		case <-time.After(3 * time.Second):
		case <-e.ctx.Done():
		}
	}
	if err != nil {
		return err
	}
	_ = e.log.section("prepare_script", "Preparing environment", func() error {
		e.log.Println(fmt.Sprintf("Running on %s via %s...", e.projectUniqueName(), e.hostname))
		return nil
	})
	_ = e.log.section("get_sources", "Getting source from Git repository", func() error {
		// DIFFERENCE: the stand-in clones nothing (as with GIT_STRATEGY=none)
		e.log.Println("Skipping Git repository setup")
		e.log.Println("Skipping Git checkout")
		e.log.Println("Skipping Git submodules setup")
		return nil
	})
	runErr := e.log.section("step_script", `Executing "step_script" stage of the job script`, func() error {
		return e.runScript(imageName)
	})
	_ = e.log.section("cleanup_file_variables", "Cleaning up project directory and file based variables", func() error {
		return nil
	})
	return runErr
}

// prepare: executor.Prepare + commandExecutor.Prepare (the build image).
func (e *executor) prepare() (string, error) {
	host := tStr(e.docker, "host")
	if host == "" {
		host = os.Getenv("DOCKER_HOST")
	}
	dc, err := newDockerClient(host)
	if err != nil {
		return "", err
	}
	e.dc = dc
	imageName := os.Expand(e.job.Image.Name, func(k string) string { return varValue(e.vars, k) })
	if imageName == "" {
		imageName = tStr(e.docker, "image")
	}
	if imageName == "" {
		return "", &buildError{inner: errors.New("no Docker image specified to run the build in"), reason: configurationError}
	}
	e.log.Println("Using Docker executor with image", imageName, "...")
	if _, err := e.getDockerImage(imageName); err != nil {
		return "", err
	}
	return imageName, nil
}

// effectivePullPolicies: the job's pull_policy (else the runner's, default
// [always]) limited to allowed_pull_policies (default: the runner's
// pull_policy), as helpers/pull_policies.ComputeEffectivePullPolicies.
func (e *executor) effectivePullPolicies(name string) ([]string, error) {
	cfgPolicies := tStrs(e.docker, "pull_policy")
	if len(cfgPolicies) == 0 {
		cfgPolicies = []string{"always"}
	}
	allowed := tStrs(e.docker, "allowed_pull_policies")
	if len(allowed) == 0 {
		allowed = cfgPolicies
	}
	for _, p := range append(append([]string{}, cfgPolicies...), allowed...) {
		if p != "always" && p != "never" && p != "if-not-present" {
			return nil, &buildError{inner: fmt.Errorf("unsupported pull_policy config: %q", p), reason: configurationError}
		}
	}
	policies := e.job.Image.PullPolicy
	source := "GitLab pipeline config"
	if len(policies) == 0 {
		policies = cfgPolicies
		source = "Runner config"
		if len(tStrs(e.docker, "pull_policy")) == 0 {
			source = "Runner config (default)"
		}
	}
	var eff []string
	for _, p := range policies {
		for _, a := range allowed {
			if p == a {
				eff = append(eff, p)
				break
			}
		}
	}
	if len(eff) == 0 {
		return nil, &buildError{inner: fmt.Errorf("invalid pull policy for image %q: pull_policy (%v) defined in %s is not one of the allowed_pull_policies (%v)",
			name, policies, source, allowed), reason: configurationError}
	}
	return eff, nil
}

// getDockerImage: executors/docker/internal/pull manager.GetDockerImage.
func (e *executor) getDockerImage(name string) (*imageInfo, error) {
	policies, err := e.effectivePullPolicies(name)
	if err != nil {
		return nil, err
	}
	e.log.Println(fmt.Sprintf("Using effective pull policy of %v for container %s", policies, name))
	var lastErr error
	for idx, p := range policies {
		if idx > 0 {
			e.log.Infoln(fmt.Sprintf("Attempt #%d: Trying %q pull policy", idx+1, p))
		}
		img, err := e.imageUsingPolicy(name, p)
		if err != nil {
			e.log.Warningln(fmt.Sprintf("Failed to pull image with policy %q: %v", p, err))
			lastErr = err
			continue
		}
		e.used[name] = img.ID
		if name != img.ID {
			if len(img.RepoDigests) > 0 {
				e.log.Println("Using docker image", img.ID, "for", name, "with digest", img.RepoDigests[0], "...")
			} else {
				e.log.Println("Using docker image", img.ID, "for", name, "...")
			}
		}
		return img, nil
	}
	wrapped := fmt.Errorf("failed to pull image %q with specified policies %v: %w", name, policies, lastErr)
	var be *buildError
	if errors.As(lastErr, &be) {
		return nil, &buildError{inner: wrapped, reason: be.reason}
	}
	return nil, wrapped
}

func (e *executor) imageUsingPolicy(name, policy string) (*imageInfo, error) {
	existing, err := e.dc.imageInspect(e.ctx, name)
	if err == nil && e.used[name] == existing.ID {
		return existing, nil
	}
	if policy == "never" {
		return existing, err
	}
	if err == nil {
		if existing.ID == name {
			return existing, nil
		}
		if policy == "if-not-present" {
			e.log.Println(fmt.Sprintf("Using locally found image version due to %q pull policy", policy))
			return existing, nil
		}
	}
	var ac *authConfig
	info, err := configForImage(name, varValue(e.vars, "DOCKER_AUTH_CONFIG"), e.job.Credentials, e.log)
	if err != nil {
		return nil, err
	}
	if info != nil {
		ac = &info.Auth
		e.log.Println(fmt.Sprintf("Authenticating with credentials from %v", info.Source))
	}
	e.log.Println(fmt.Sprintf("Pulling docker image %s ...", name))
	ref := name
	if !strings.ContainsAny(ref, ":@") {
		ref += ":latest"
	}
	for tries := 1; ; tries++ {
		started := time.Now()
		perr := e.dc.imagePull(e.ctx, ref, encodeAuthHeader(ac))
		if perr == nil {
			break
		}
		// helpers/docker/official_docker_client.go wrapError: caller's file:line and seconds
		perr = fmt.Errorf("%w (manager.go:419:%ds)", perr, int(time.Since(started).Seconds()))
		reason := classifyPullFailure(perr.Error())
		if e.ctx.Err() != nil || reason != externalDependency || tries >= 3 {
			return nil, &buildError{inner: perr, reason: reason}
		}
		e.log.Warningln(fmt.Sprintf("Failed to pull image %q (attempt #%d), retrying: %v", name, tries, perr))
		n, _ := rand.Int(rand.Reader, big.NewInt(8000))
		select {
		case <-time.After(2*time.Second + time.Duration(n.Int64())*time.Millisecond):
		case <-e.ctx.Done():
		}
	}
	img, err := e.dc.imageInspect(e.ctx, name)
	if err != nil {
		return nil, &buildError{inner: fmt.Errorf("inspecting image %q after pull: %w", name, err), reason: classifyPullFailure(err.Error())}
	}
	return img, nil
}

// classifyPullFailure: common/classify_image_pull_failure.go
func classifyPullFailure(msg string) string {
	l := strings.ToLower(msg)
	has := func(s ...string) bool {
		for _, x := range s {
			if strings.Contains(l, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("dial tcp", "connection refused", "no such host", "i/o timeout", "tls handshake",
		"client.timeout exceeded", "request canceled", "connection reset"):
		return externalDependency
	case has("not found", "manifest unknown"):
		return configurationError
	case has("pull access denied", "access to the resource is denied", "no basic auth credentials",
		"repository does not exist or may require", "unauthorized", "authentication required"):
		return configurationError
	}
	return imagePullFailure
}

// script: what the real runner's shell writer produces for each line of
// `script`: the command echoed in green, then run, stopping at the first
// failure.
func (e *executor) script() string {
	var b strings.Builder
	b.WriteString("(set -o pipefail) 2>/dev/null && set -o pipefail\nset -e\n")
	b.WriteString("mkdir -p \"$CI_PROJECT_DIR\" && cd \"$CI_PROJECT_DIR\"\n")
	for _, st := range e.job.Steps {
		if st.Name != "script" {
			continue
		}
		for _, line := range st.Script {
			shown := line
			if i := strings.IndexByte(line, '\n'); i >= 0 {
				shown = line[:i] + " # collapsed multi-line command"
			}
			b.WriteString("printf '%s\\n' " + shellQuote(ansiBoldGreen+"$ "+shown+ansiReset) + "\n")
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

func (e *executor) runScript(imageName string) error {
	img, err := e.getDockerImage(imageName)
	if err != nil {
		return err
	}
	var env []string
	for _, v := range e.vars {
		env = append(env, v.Key+"="+v.Value)
	}
	binds := []string{}
	volumes := map[string]any{}
	for _, v := range tStrs(e.docker, "volumes") {
		if strings.Contains(v, ":") {
			binds = append(binds, v)
		} else {
			// DIFFERENCE: the real runner makes a named cache volume here
			volumes[v] = map[string]any{}
		}
	}
	hostCfg := map[string]any{
		"Binds":         binds,
		"Privileged":    tBool(e.docker, "privileged"),
		"NetworkMode":   tStr(e.docker, "network_mode"),
		"ExtraHosts":    tStrs(e.docker, "extra_hosts"),
		"RestartPolicy": map[string]any{"Name": "no"},
	}
	if n := tInt(e.docker, "shm_size"); n > 0 {
		hostCfg["ShmSize"] = n
	}
	cfg := map[string]any{
		"Image":    img.ID,
		"Hostname": e.projectUniqueName(),
		"Cmd":      []string{"sh", "-c", e.script()},
		"Env":      env,
		"Volumes":  volumes,
		"Labels": map[string]string{
			"com.gitlab.gitlab-runner.managed":    "true",
			"com.gitlab.gitlab-runner.type":       "build",
			"com.gitlab.gitlab-runner.job.id":     fmt.Sprint(e.job.ID),
			"com.gitlab.gitlab-runner.project.id": fmt.Sprint(e.job.JobInfo.ProjectID),
			"com.gitlab.gitlab-runner.runner.id":  e.short,
		},
		"AttachStdout": true,
		"AttachStderr": true,
		"HostConfig":   hostCfg,
	}
	if u := tStr(e.docker, "user"); u != "" {
		cfg["User"] = u
	}
	if len(e.job.Image.Entrypoint) > 0 {
		cfg["Entrypoint"] = e.job.Image.Entrypoint
	}
	name := e.projectUniqueName() + "-" + randHex(8) + "-build"
	id, err := e.dc.containerCreate(e.ctx, name, cfg)
	if id != "" {
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if rerr := e.dc.containerRemove(ctx, id); rerr != nil {
				logf("error", "Failed to remove container "+id, "error="+rerr.Error())
			}
		}()
	}
	if err != nil {
		return err
	}
	if err := e.dc.containerStart(e.ctx, id); err != nil {
		return err
	}
	stopWatch := make(chan struct{})
	defer close(stopWatch)
	go func() {
		select {
		case <-e.ctx.Done():
			e.dc.containerStop(id)
		case <-stopWatch:
		}
	}()
	logErr := e.dc.containerLogs(context.Background(), id, func(stderr bool, p []byte) {
		typ := byte('O')
		if stderr {
			typ = 'E'
		}
		e.log.write(1, typ, p)
	})
	code, werr := e.dc.containerWait(context.Background(), id)
	if e.ctx.Err() != nil {
		return e.ctx.Err()
	}
	if logErr != nil {
		return logErr
	}
	if werr != nil {
		return werr
	}
	if code != 0 {
		return &buildError{inner: fmt.Errorf("exit code %d", code), reason: scriptFailure, exitCode: code}
	}
	return nil
}
