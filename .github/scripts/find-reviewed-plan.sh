#!/usr/bin/env bash
# Finds the pull-request run whose saved update plan may be applied to the commit being deployed.
#
# A plan is only valid for the commit it was made from, so the pull request's plan qualifies only when the commit on
# main has exactly the tree of the pull request's head (a squash or merge of an up-to-date branch), and that head has
# a successful run of pull-request.yml (whose plan-<stack> artifacts hold the plans).
#
# Needs: gh (authenticated through GH_TOKEN), GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_OUTPUT.
# Writes to GITHUB_OUTPUT: pr=<number> when a merged pull request leads to GITHUB_SHA; run-id=<id> when its plan
# qualifies; otherwise reason=<why not>. Exit status 0 in every one of these cases; non-zero only when gh fails.
set -euo pipefail

: "${GITHUB_REPOSITORY:?}" "${GITHUB_SHA:?}" "${GITHUB_OUTPUT:?}"

note() {
  echo "reason=$1" >>"${GITHUB_OUTPUT}"
  echo "$1"
}

merged="$(gh api "repos/${GITHUB_REPOSITORY}/commits/${GITHUB_SHA}/pulls" \
  --jq '[.[] | select(.merged_at != null)] | first | select(. != null) | "\(.number) \(.head.sha)"')"
if [[ -z "${merged}" ]]; then
  note "no merged pull request leads to ${GITHUB_SHA}"
  exit 0
fi
read -r number head_sha <<<"${merged}"
echo "pr=${number}" >>"${GITHUB_OUTPUT}"

head_tree="$(gh api "repos/${GITHUB_REPOSITORY}/commits/${head_sha}" --jq .commit.tree.sha)"
this_tree="$(gh api "repos/${GITHUB_REPOSITORY}/commits/${GITHUB_SHA}" --jq .commit.tree.sha)"
if [[ "${head_tree}" != "${this_tree}" ]]; then
  note "pull request #${number} was reviewed at ${head_sha}, whose tree differs from ${GITHUB_SHA}"
  exit 0
fi

run_id="$(gh run list --repo "${GITHUB_REPOSITORY}" --workflow pull-request.yml --commit "${head_sha}" \
  --status success --limit 1 --json databaseId --jq '.[0].databaseId // empty')"
if [[ -z "${run_id}" ]]; then
  note "no successful pull-request run for ${head_sha}"
  exit 0
fi
echo "run-id=${run_id}" >>"${GITHUB_OUTPUT}"
echo "pull request #${number}: plan of run ${run_id} (head ${head_sha}, same tree as ${GITHUB_SHA})"
