#!/usr/bin/env bash
# Runs one load profile against a stage and writes its report.
#
#   ./run-load-test.sh <local|staging|prod> <full|incidents|light|medium|heavy|ramp|spike>
#
# local:   the running local stack (`pnpm dev` writes .roadcall/stack.json with apiUrl and the
#          jwtSecret tokens are minted with). `pnpm loadtest <profile>` starts the stack for you.
# staging, prod: the API URL from the CDK outputs file (infrastructure/cdk-outputs.<stage>.json,
#          written by `pnpm run deploy -- --context stage=<stage>`), or ROADCALL_API_URL; Cognito
#          ID tokens from ROADCALL_DRIVER_TOKEN and ROADCALL_VENDOR_TOKENS (comma-separated vendor
#          users: location updates need vendors holding an incident, and each one is rate-limited).
#
# Reports: reports/<time>-<stage>-<profile>.{html,json,samples.jsonl,meta.json}.
# Exit code: Artillery's, so non-zero when a threshold of the profile fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
usage="usage: $0 <local|staging|prod> <full|incidents|light|medium|heavy|ramp|spike>"

stage="${1:-}"
profile="${2:-}"
[[ -n "$stage" && -n "$profile" ]] || { echo "$usage" >&2; exit 2; }

case "$profile" in
  incidents) files=("$here/incident-load-test.yml") ;;
  full | light | medium | heavy | ramp | spike) files=("$here/artillery-config.yml" "$here/profiles/$profile.yml") ;;
  *) echo "unknown profile '$profile'. $usage" >&2; exit 2 ;;
esac

json_field() { # <file> <dotted.path>: prints the field, or nothing
  node -e '
    const [file, path] = process.argv.slice(1);
    let v = JSON.parse(require("fs").readFileSync(file, "utf8"));
    for (const k of path.split(".")) v = v?.[k];
    if (v !== undefined && v !== null) process.stdout.write(String(v));
  ' "$1" "$2"
}

case "$stage" in
  local)
    environment=local
    state="${ROADCALL_STATE_FILE:-$root/.roadcall/stack.json}"
    if [[ -z "${ROADCALL_API_URL:-}" || -z "${ROADCALL_JWT_SECRET:-}" ]]; then
      [[ -f "$state" ]] || { echo "No local stack: $state is missing. Start one (pnpm dev) or use: pnpm loadtest $profile" >&2; exit 2; }
      export ROADCALL_API_URL="${ROADCALL_API_URL:-$(json_field "$state" apiUrl)}"
      export ROADCALL_JWT_SECRET="${ROADCALL_JWT_SECRET:-$(json_field "$state" jwtSecret)}"
    fi
    # The API listens on 127.0.0.1: skip a DNS lookup per connection (and ::1 first on some hosts).
    export ROADCALL_API_URL="${ROADCALL_API_URL/\/\/localhost:/\/\/127.0.0.1:}"
    ;;
  staging | prod)
    environment=deployed
    outputs="${ROADCALL_CDK_OUTPUTS:-$root/infrastructure/cdk-outputs.$stage.json}"
    if [[ -z "${ROADCALL_API_URL:-}" ]]; then
      [[ -f "$outputs" ]] || { echo "No CDK outputs at $outputs: deploy the stage first (pnpm run deploy -- --context stage=$stage), or set ROADCALL_API_URL" >&2; exit 2; }
      # `CloudFrontUrl` of the Roadcall-<stage>-Edge stack (docs/deploy.md, "Outputs"): the API
      # stage answers only requests that came through CloudFront ("Only through CloudFront").
      ROADCALL_API_URL="$(node -e '
        const outputs = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        for (const stack of Object.values(outputs)) for (const [key, value] of Object.entries(stack))
          if (key === "CloudFrontUrl") { process.stdout.write(String(value)); process.exit(0); }
        process.exit(1);
      ' "$outputs")" || { echo "No CloudFrontUrl output in $outputs" >&2; exit 2; }
      export ROADCALL_API_URL
    fi
    [[ -n "${ROADCALL_DRIVER_TOKEN:-}" ]] || { echo "Set ROADCALL_DRIVER_TOKEN to a Cognito ID token of a driver user of the $stage user pool" >&2; exit 2; }
    [[ -n "${ROADCALL_VENDOR_TOKENS:-${ROADCALL_VENDOR_TOKEN:-}}" ]] || {
      echo "Set ROADCALL_VENDOR_TOKENS to Cognito ID tokens (comma-separated) of vendor users (custom:vendorId) of the $stage user pool" >&2; exit 2; }
    unset ROADCALL_JWT_SECRET
    # Scenario URLs start with "/".
    export ROADCALL_API_URL="${ROADCALL_API_URL%/}"
    ;;
  *) echo "unknown stage '$stage'. $usage" >&2; exit 2 ;;
esac

mkdir -p "$here/reports"
base="$here/reports/$(date -u +%Y%m%dT%H%M%SZ)-$stage-$profile"
export ROADCALL_STAGE="$stage"
export ROADCALL_LOADTEST_SAMPLES="$base.samples.jsonl"
export ARTILLERY_DISABLE_TELEMETRY=true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "roadcall: $profile against $stage ($ROADCALL_API_URL), environment '$environment', load average $load_before"
set +e
# ROADCALL_LOADTEST_RATE: one phase at that arrival rate (req/s) instead of the profile's, held
# ROADCALL_LOADTEST_SECONDS (default 60): to find the highest rate a machine sustains.
overrides=()
if [[ -n "${ROADCALL_LOADTEST_RATE:-}" ]]; then
  overrides=(--overrides "{\"config\":{\"phases\":[{\"name\":\"${ROADCALL_LOADTEST_RATE} req/s\",\"duration\":${ROADCALL_LOADTEST_SECONDS:-60},\"arrivalRate\":${ROADCALL_LOADTEST_RATE}}]}}")
fi
"$here/node_modules/.bin/artillery" run --environment "$environment" --output "$base.json" "${overrides[@]}" "${files[@]}"
code=$?
set -e
load_after="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

node -e '
  const [file, profile, stage, target, before, after, code] = process.argv.slice(1);
  require("fs").writeFileSync(file, JSON.stringify({ profile, stage, target, loadBefore: before, loadAfter: after,
    cpus: require("os").cpus().length, exitCode: Number(code) }, null, 2));
' "$base.meta.json" "$profile" "$stage" "$ROADCALL_API_URL" "$load_before" "$load_after" "$code"

if [[ -f "$base.json" ]]; then
  profile_args=()
  for f in "${files[@]}"; do profile_args+=(--profile "$f"); done
  node "$here/report/build-report.js" --json "$base.json" --samples "$ROADCALL_LOADTEST_SAMPLES" \
    "${profile_args[@]}" --env "$environment" --meta "$base.meta.json" --out "$base.html"
fi
echo "roadcall: load average before/after: $load_before / $load_after; artillery exit code $code"
exit "$code"
