/** How a verify report reads: one line per check with the StackOne symptom it prevents, or JSON. */
import type { CheckResult, VerifyReport } from "./target";

const MARK: Record<CheckResult["status"], string> = { pass: "PASS", fail: "FAIL", skip: "SKIP" };

export function formatCheck(c: CheckResult): string {
  const fix = c.status === "fail" && c.fix ? ` Fix: ${c.fix}.` : "";
  return `${MARK[c.status]}  ${c.title}: ${c.detail}. Prevents: ${c.prevents}.${fix}`;
}

export function formatReport(report: VerifyReport): string {
  const who = report.signIn.username ?? report.signIn.userId;
  const failed = report.checks.filter((c) => c.status === "fail").length;
  const coverage =
    report.coverage === "full"
      ? "full (every StackOne API call)"
      : report.coverage === "identity-only"
        ? "identity-only (users, groups, populations, applications)"
        : report.coverage;
  const head = `verify: environment ${report.environmentId}, client ${report.clientId}, sign-in user ${who}`;
  const tail = report.ok
    ? `verify: OK — StackOne's connection should work the first time; role coverage: ${coverage}`
    : `verify: ${failed} check${failed === 1 ? "" : "s"} failed — see docs/troubleshooting.md, "npm run verify failures"`;
  return [head, ...report.checks.map(formatCheck), tail].join("\n") + "\n";
}
