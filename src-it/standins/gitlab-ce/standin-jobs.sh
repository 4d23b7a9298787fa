# standin-jobs.sh - CI jobs of the GitLab stand-in (sourced by standin-http
# for /api/v4/jobs/* and /api/v4/standin/*; POSIX sh for busybox ash).
#
# Runner side, as GitLab's lib/api/ci/runner.rb:
#   POST  /api/v4/jobs/request   201 + job payload (oldest pending job), or 204
#   PUT   /api/v4/jobs/:id       job token; state running|success|failed -> 200
#   PATCH /api/v4/jobs/:id/trace JOB-TOKEN + Content-Range -> 202 (416, 403)
# Stand-in only (no such API in GitLab: there a job comes from a pipeline):
#   POST  /api/v4/standin/jobs       PAT; {image, script, variables, ...} -> 201 {"id":N}
#   GET   /api/v4/standin/jobs/:id   PAT -> 200 {"id","status","failure_reason","exit_code","trace"}
#
# State (volume /var/opt/gitlab): standin/jobs/<id>/ with
#   status (pending|running|success|failed), token_sha256, runner_id,
#   image, script, variables, pull_policy, entrypoint (JSON fragments),
#   trace (raw bytes), failure_reason, exit_code, created_at...
#   standin/next_job_id, standin/next_pipeline_id

JOBS=$STATE/jobs

# the failure reasons this GitLab knows (Enums::Ci::CommitStatus.failure_reasons,
# sent to runners as features.failure_reasons)
FAILURE_REASONS='"unknown_failure","script_failure","api_failure","stuck_or_timeout_failure","runner_system_failure","missing_dependency_failure","runner_unsupported","stale_schedule","job_execution_timeout","archived_failure","unmet_prerequisites","scheduler_failure","data_integrity_failure","forward_deployment_failure","user_blocked","project_deleted","ci_quota_exceeded","pipeline_loop_detected","no_matching_runner","trace_size_exceeded","builds_disabled","insufficient_bridge_permissions","downstream_bridge_project_not_found","invalid_bridge_trigger","bridge_pipeline_is_child_pipeline","downstream_pipeline_creation_failed","secrets_provider_not_found","reached_max_descendant_pipelines_depth"'

# json_strings RAW: a JSON array of strings (or one string) -> the same, normalised
# to an array of strings; exit 1 when it is something else. A single string
# is split into lines (a script given as text).
json_strings() {
	printf '%s' "$1" | awk '
	BEGIN { RS = "\001" }
	{ s = s $0 }
	END {
		n = length(s); i = 1; ws()
		c = substr(s, i, 1)
		if (c == "\"") {
			v = str()
			k = split(v, parts, /\\n/); o = ""
			for (j = 1; j <= k; j++) { if (parts[j] == "" && j == k) continue; o = o (o == "" ? "" : ",") "\"" parts[j] "\"" }
			print "[" o "]"; exit 0
		}
		if (c != "[") exit 1
		i++; o = ""
		while (1) {
			ws(); c = substr(s, i, 1)
			if (c == "]") break
			if (c == ",") { i++; continue }
			if (c != "\"") exit 1
			o = o (o == "" ? "" : ",") "\"" str() "\""
		}
		print "[" o "]"
	}
	function ws() { while (i <= n && index(" \t\r\n", substr(s, i, 1)) > 0) i++ }
	function str(   o, c) {
		o = ""; i++
		while (i <= n) {
			c = substr(s, i, 1)
			if (c == "\\") { o = o c substr(s, i + 1, 1); i += 2; continue }
			if (c == "\"") { i++; return o }
			o = o c; i++
		}
		return o
	}'
}

# json_vars RAW: {"K":"V",...} or [{"key":"K","value":"V",...},...] -> the
# runner payload form [{"key","value","public":true,"masked":false},...]
json_vars() {
	printf '%s' "$1" | awk '
	BEGIN { RS = "\001" }
	{ s = s $0 }
	END {
		n = length(s); i = 1; ws(); o = ""
		c = substr(s, i, 1)
		if (c == "{") {
			i++
			while (1) {
				ws(); c = substr(s, i, 1)
				if (c == "}") break
				if (c == ",") { i++; continue }
				if (c != "\"") exit 1
				k = str(); ws(); if (substr(s, i, 1) != ":") exit 1
				i++; ws(); if (substr(s, i, 1) != "\"") exit 1
				v = str()
				o = o (o == "" ? "" : ",") var(k, v, "true", "false")
			}
		} else if (c == "[") {
			i++
			while (1) {
				ws(); c = substr(s, i, 1)
				if (c == "]") break
				if (c == ",") { i++; continue }
				if (c != "{") exit 1
				i++; k = ""; v = ""; pub = "true"; msk = "false"
				while (1) {
					ws(); c = substr(s, i, 1)
					if (c == "}") { i++; break }
					if (c == ",") { i++; continue }
					if (c != "\"") exit 1
					f = str(); ws(); i++; ws()
					if (substr(s, i, 1) == "\"") x = str()
					else { x = ""; while (i <= n && index(",} \t\r\n", substr(s, i, 1)) == 0) { x = x substr(s, i, 1); i++ } }
					if (f == "key") k = x; else if (f == "value") v = x
					else if (f == "public") pub = (x == "false" ? "false" : "true")
					else if (f == "masked") msk = (x == "true" ? "true" : "false")
				}
				if (k == "") exit 1
				o = o (o == "" ? "" : ",") var(k, v, pub, msk)
			}
		} else exit 1
		print o
	}
	function var(k, v, p, m) { return "{\"key\":\"" k "\",\"value\":\"" v "\",\"public\":" p ",\"masked\":" m "}" }
	function ws() { while (i <= n && index(" \t\r\n", substr(s, i, 1)) > 0) i++ }
	function str(   o, c) {
		o = ""; i++
		while (i <= n) {
			c = substr(s, i, 1)
			if (c == "\\") { o = o c substr(s, i + 1, 1); i += 2; continue }
			if (c == "\"") { i++; return o }
			o = o c; i++
		}
		return o
	}'
}

# form variables: variables[NAME]=value fields (urlencoded / multipart)
form_vars() {
	awk -F '\t' '
	substr($1, 1, 10) == "variables[" && substr($1, length($1), 1) == "]" {
		k = substr($1, 11, length($1) - 11)
		v = substr($0, length($1) + 2)
		o = o (o == "" ? "" : ",") "{\"key\":\"" k "\",\"value\":\"" v "\",\"public\":true,\"masked\":false}"
	}
	END { print o }' "$1"
}

# as_json PARAM: param gives JSON text for arrays and objects, the (escaped)
# inside of a string otherwise; make the latter a JSON string again
as_json() { case $1 in \[* | \{*) printf '%s' "$1" ;; *) printf '"%s"' "$1" ;; esac; }

job_dir() { printf '%s/%s' "$JOBS" "$1"; }

bad_request() { json 400 'Bad Request' "{\"error\":\"$1\"}"; }

# ------------------------------------------------------------ stand-in API --

standin_create_job() {
	pat_auth
	_p=$WORK/params
	_img=$(param image "$_p") || bad_request 'image is missing'
	case $_img in '' | \[* | \{*) bad_request 'image is invalid' ;; esac
	_raw=$(param script "$_p") || bad_request 'script is missing'
	_script=$(json_strings "$(as_json "$_raw")") || bad_request 'script must be a string or an array of strings'

	[ "$_script" != '[]' ] || bad_request 'script is empty'
	_vars=
	if _raw=$(param variables "$_p"); then
		_vars=$(json_vars "$_raw") || bad_request 'variables must be an object of strings or an array of {key, value}'
	else
		_vars=$(form_vars "$_p")
	fi
	_pp=null
	if _raw=$(param pull_policy "$_p"); then
		_pp=$(json_strings "$(as_json "$_raw")") || bad_request 'pull_policy must be a string or an array of strings'
	fi
	_ep=null
	if _raw=$(param entrypoint "$_p"); then
		_ep=$(json_strings "$(as_json "$_raw")") || bad_request 'entrypoint must be an array of strings'
	fi
	_name=$(param name "$_p") || _name=standin-job
	lock
	_id=$(cat "$STATE/next_job_id" 2>/dev/null)
	_id=${_id:-1}
	echo $((_id + 1)) >"$STATE/next_job_id"
	_pl=$(cat "$STATE/next_pipeline_id" 2>/dev/null)
	_pl=${_pl:-1}
	echo $((_pl + 1)) >"$STATE/next_pipeline_id"
	_d=$(job_dir "$_id")
	mkdir -p "$_d"
	printf '%s' "$_img" >"$_d/image"
	printf '%s' "$_script" >"$_d/script"
	printf '%s' "$_vars" >"$_d/variables"
	printf '%s' "$_pp" >"$_d/pull_policy"
	printf '%s' "$_ep" >"$_d/entrypoint"
	printf '%s' "$_name" >"$_d/name"
	echo "$_pl" >"$_d/pipeline_id"
	now >"$_d/created_at"
	: >"$_d/trace"
	echo pending >"$_d/status"
	unlock
	json 201 Created "{\"id\":$_id,\"pipeline_id\":$_pl,\"status\":\"pending\"}"
}

standin_get_job() { # ID
	pat_auth
	_d=$(job_dir "$1")
	[ -f "$_d/status" ] || json 404 'Not Found' '{"message":"404 Job Not Found"}'
	_st=$(cat "$_d/status")
	_fr=null
	[ -s "$_d/failure_reason" ] && _fr="\"$(cat "$_d/failure_reason")\""
	_ec=null
	[ -s "$_d/exit_code" ] && _ec=$(cat "$_d/exit_code")
	_rid=null
	[ -s "$_d/runner_id" ] && _rid=$(cat "$_d/runner_id")
	json 200 OK "{\"id\":$1,\"status\":\"$_st\",\"failure_reason\":$_fr,\"exit_code\":$_ec,\"runner_id\":$_rid,\"trace\":\"$(esc "$(cat "$_d/trace"; printf x)" | sed 's/x$//')\"}"
}

# ------------------------------------------------------------ runner API --

# jobs_request RUNNER_ID: hand the oldest pending job to the runner (201 with
# the payload of Entities::Ci::JobRequest::Response), else 204.
jobs_request() {
	_rid=$1
	lock
	_id=
	for _j in $(ls "$JOBS" 2>/dev/null | sort -n); do
		if [ "$(cat "$JOBS/$_j/status" 2>/dev/null)" = pending ]; then
			_id=$_j
			break
		fi
	done
	if [ -z "$_id" ]; then
		unlock
		respond 204 'No Content' '' ''
	fi
	_d=$(job_dir "$_id")
	_tok="glcbt-64_$(rand_chars 20 'A-Za-z0-9_-')"
	sha256 "$_tok" >"$_d/token_sha256"
	echo "$_rid" >"$_d/runner_id"
	now >"$_d/started_at"
	echo running >"$_d/status"
	unlock
	_created=$(cat "$_d/created_at")
	_queued=$(($(now) - _created))
	_pl=$(cat "$_d/pipeline_id")
	_name=$(cat "$_d/name")
	# external_url, as init-container recorded it from gitlab.rb / GITLAB_OMNIBUS_CONFIG
	_host=$(unesc "$(awk -F '\t' '$1 == "external_url" { v = substr($0, 14) } END { printf "%s", v }' "$RUNSTATE/settings" 2>/dev/null)")
	_host=${_host%/}
	[ -n "$_host" ] || _host="http://$(hostname)"
	_hostport=${_host#*://}
	_sha=$(printf '%s' "standin-$_id" | sha1sum | cut -d' ' -f1)
	_vars="{\"key\":\"CI_PIPELINE_ID\",\"value\":\"$_pl\",\"public\":true,\"masked\":false}"
	for _kv in "CI_SERVER_URL=$_host" "CI_SERVER_HOST=${_hostport%%[:/]*}" "CI_JOB_ID=$_id" "CI_JOB_NAME=$_name" \
		"CI_JOB_STAGE=test" "CI_PROJECT_ID=1" "CI_PROJECT_NAME=standin" "CI_PROJECT_PATH=root/standin" \
		"CI_PROJECT_NAMESPACE=root" "CI_COMMIT_SHA=$_sha" "CI_COMMIT_REF_NAME=main" "CI_DEFAULT_BRANCH=main" \
		"CI_JOB_URL=$_host/root/standin/-/jobs/$_id" "GITLAB_CI=true" "CI=true" "GITLAB_USER_LOGIN=root"; do
		_vars="$_vars,{\"key\":\"${_kv%%=*}\",\"value\":\"$(esc "${_kv#*=}")\",\"public\":true,\"masked\":false}"
	done
	_vars="$_vars,{\"key\":\"CI_JOB_TOKEN\",\"value\":\"$_tok\",\"public\":false,\"masked\":true}"
	_uv=$(cat "$_d/variables")
	[ -n "$_uv" ] && _vars="$_vars,$_uv"
	json 201 Created "{\"id\":$_id,\"token\":\"$_tok\",\"allow_git_fetch\":true,\
\"job_info\":{\"id\":$_id,\"name\":\"$_name\",\"stage\":\"test\",\"pipeline_id\":$_pl,\"project_id\":1,\"project_name\":\"standin\",\"project_full_path\":\"root/standin\",\"namespace_id\":1,\"root_namespace_id\":1,\"organization_id\":1,\"instance_id\":null,\"instance_uuid\":null,\"user_id\":1,\"scoped_user_id\":null,\"time_in_queue_seconds\":$_queued,\"project_jobs_running_on_instance_runners_count\":\"+Inf\",\"queue_size\":0,\"queue_depth\":0},\
\"git_info\":{\"repo_url\":\"${_host%%://*}://gitlab-ci-token:$_tok@$_hostport/root/standin.git\",\"ref\":\"main\",\"sha\":\"$_sha\",\"before_sha\":\"0000000000000000000000000000000000000000\",\"ref_type\":\"branch\",\"refspecs\":[\"+refs/pipelines/$_pl:refs/pipelines/$_pl\",\"+refs/heads/main:refs/remotes/origin/main\"],\"depth\":20,\"repo_object_format\":\"sha1\",\"protected\":true},\
\"runner_info\":{\"uuid\":null,\"timeout\":3600,\"runner_session_url\":null},\
\"variables\":[$_vars],\
\"steps\":[{\"name\":\"script\",\"script\":$(cat "$_d/script"),\"timeout\":3600,\"when\":\"on_success\",\"allow_failure\":false}],\
\"image\":{\"name\":\"$(cat "$_d/image")\",\"entrypoint\":$(cat "$_d/entrypoint"),\"ports\":[],\"pull_policy\":$(cat "$_d/pull_policy")},\
\"services\":[],\"artifacts\":[],\"cache\":[],\"credentials\":[],\
\"features\":{\"trace_sections\":true,\"failure_reasons\":[$FAILURE_REASONS]},\
\"dependencies\":[]}"
}

# authenticate_job ID TOKEN: 403 unless the job exists and the token is its
# token; 403 "Job is not running" (with Job-Status) unless it runs.
authenticate_job() {
	_d=$(job_dir "$1")
	[ -f "$_d/token_sha256" ] || json 403 Forbidden '{"message":"403 Forbidden"}'
	[ "$(sha256 "$2")" = "$(cat "$_d/token_sha256")" ] || json 403 Forbidden '{"message":"403 Forbidden"}'
	_st=$(cat "$_d/status")
	if [ "$_st" != running ]; then
		respond 403 Forbidden application/json '{"message":"403 Forbidden  - Job is not running"}' "Job-Status: $_st"
	fi
	# heartbeat_runner: job updates keep the runner "online"
	_rid=$(cat "$_d/runner_id" 2>/dev/null)
	[ -n "$_rid" ] && [ -d "$STATE/runners/$_rid" ] && now >"$STATE/runners/$_rid/contacted_at"
}

job_update() { # ID
	_tok=$(param token "$WORK/params")
	[ -n "$_tok" ] || _tok=$H_JOB_TOKEN
	authenticate_job "$1" "$_tok"
	_d=$(job_dir "$1")
	_state=$(param state "$WORK/params")
	case $_state in
	running) ;;
	success)
		lock
		echo success >"$_d/status"
		now >"$_d/finished_at"
		unlock
		;;
	failed)
		_fr=$(param failure_reason "$WORK/params")
		case ",$FAILURE_REASONS," in *",\"$_fr\","*) ;; *) _fr=unknown_failure ;; esac
		_ec=$(param exit_code "$WORK/params")
		lock
		echo "$_fr" >"$_d/failure_reason"
		case $_ec in '' | *[!0-9]*) ;; *) echo "$_ec" >"$_d/exit_code" ;; esac
		echo failed >"$_d/status"
		now >"$_d/finished_at"
		unlock
		;;
	*)
		respond 400 'Bad Request' 'application/json' '400'
		;;
	esac
	respond 200 OK 'application/json' '200'
}

job_trace() { # ID
	authenticate_job "$1" "$H_JOB_TOKEN"
	[ -n "$H_CONTENT_RANGE" ] || json 400 'Bad Request' '{"message":"400 Missing header Content-Range"}'
	_d=$(job_dir "$1")
	_start=${H_CONTENT_RANGE%%-*}
	case $_start in '' | *[!0-9]*) _start=0 ;; esac
	lock
	_size=$(wc -c <"$_d/trace" | tr -d ' ')
	if [ "$_start" -gt "$_size" ]; then
		unlock
		respond 416 'Range Not Satisfiable' application/json '{"message":"416 Range Not Satisfiable"}' "Range: 0-$_size"
	fi
	# append at the given offset (Gitlab::Ci::Trace#append: truncate, then write)
	head -c "$_start" "$_d/trace" >"$_d/trace.new"
	cat "$WORK/body" >>"$_d/trace.new"
	mv "$_d/trace.new" "$_d/trace"
	_size=$(wc -c <"$_d/trace" | tr -d ' ')
	unlock
	STATUS=202
	{
		printf 'HTTP/1.1 202 Accepted\r\n'
		printf 'Server: nginx\r\nDate: %s\r\n' "$(date -u '+%a, %d %b %Y %H:%M:%S GMT')"
		printf 'Content-Type: application/json\r\nContent-Length: 0\r\nCache-Control: no-cache\r\n'
		printf 'X-Request-Id: %s\r\nJob-Status: running\r\nRange: 0-%s\r\nX-GitLab-Trace-Update-Interval: 60\r\n' "$REQ_ID" "$_size"
		printf 'Connection: close\r\n\r\n'
	}
	access_log
	exit 0
}

# jobs_route: /api/v4/jobs/:id, /api/v4/jobs/:id/trace, /api/v4/standin/jobs[/:id]
jobs_route() {
	case $PATH_ in
	/api/v4/standin/jobs)
		only POST
		standin_create_job
		;;
	/api/v4/standin/jobs/*)
		_id=${PATH_#/api/v4/standin/jobs/}
		case $_id in '' | *[!0-9]*) json 404 'Not Found' '{"error":"404 Not Found"}' ;; esac
		only GET
		standin_get_job "$_id"
		;;
	/api/v4/jobs/*/trace)
		_id=${PATH_#/api/v4/jobs/}
		_id=${_id%/trace}
		case $_id in '' | *[!0-9]*) json 404 'Not Found' '{"error":"404 Not Found"}' ;; esac
		only PATCH
		job_trace "$_id"
		;;
	/api/v4/jobs/*)
		_id=${PATH_#/api/v4/jobs/}
		case $_id in '' | *[!0-9]*) json 404 'Not Found' '{"error":"404 Not Found"}' ;; esac
		only PUT
		job_update "$_id"
		;;
	*) json 404 'Not Found' '{"error":"404 Not Found"}' ;;
	esac
}
