// The reports in a real browser and against a real schema validator (run by run.sh):
// - the compliance page (`scan --format html`) renders in Debian's Chromium without console
//   errors or failed requests, its findings rows appear, unchecking severities hides exactly
//   those rows, a framework filter keeps only that framework's findings, and a screenshot is
//   saved;
// - the coverage page (`test --format html`) renders without errors and shows missed lines;
// - every policy report of `scan --format policyreport` validates against the vendored
//   wgpolicyk8s.io/v1alpha2 schema (ajv), and a broken one does not.
import { createRequire } from "node:module";
import { readFileSync, mkdirSync } from "node:fs";
import path from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const tools = createRequire(path.join(env("REPORT_TOOLS"), "package.json"));
const { chromium } = tools("playwright-core");
const Ajv = tools("ajv");
const YAML = tools("yaml");
const out = env("REPORT_OUT");
mkdirSync(out, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Policy reports against the schema.
const schema = JSON.parse(readFileSync(new URL("./policyreport-v1alpha2.schema.json", import.meta.url)));
const validate = new Ajv({ allErrors: true }).compile(schema);
const stream = YAML.parseAllDocuments(readFileSync(env("POLICY_REPORTS"), "utf8"));
check(stream.length >= 2, `expected several policy reports, got ${stream.length}`);
for (const doc of stream) {
  check(doc.errors.length === 0, `YAML errors: ${doc.errors}`);
  const report = doc.toJS();
  check(validate(report), `${report.kind} ${report.metadata?.name}: ${JSON.stringify(validate.errors, null, 1)}`);
}
const broken = structuredClone(stream[0].toJS());
broken.results[0].result = "failed";
check(!validate(broken), "a result `failed` (not in the enum) must not validate");

const browser = await chromium.launch({
  executablePath: process.env.REPORT_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push(`network request: ${r.url()}`); });

  page.setDefaultTimeout(15_000);
  await page.goto("file://" + env("COMPLIANCE_REPORT"));
  await page.waitForSelector("#rows .finding").catch((e) => {
    throw new Error(`no findings rows appeared (${e.message}); ${problems.join("; ")}`);
  });
  const rows = () => page.locator("#rows .finding").count();
  const total = await rows();
  check(total > 0, "no findings rows");
  const serious = await page.locator("#rows .finding.critical, #rows .finding.high").count();
  check(serious > 0 && serious < total, `expected some high findings among ${total}, got ${serious}`);
  await page.screenshot({ path: path.join(out, "compliance-report.png"), fullPage: false });
  // Unchecking critical and high hides exactly those rows.
  await page.locator("input[name=severity][value=critical]").click();
  await page.locator("input[name=severity][value=high]").click();
  const after = await rows();
  check(after === total - serious, `after hiding critical and high: ${after} rows, expected ${total - serious}`);
  check((await page.locator("#rows .finding.high, #rows .finding.critical").count()) === 0, "high rows still shown");
  // A framework keeps only its findings.
  await page.locator("input[name=severity][value=critical]").click();
  await page.locator("input[name=severity][value=high]").click();
  await page.selectOption("select[name=framework]", "cis-docker");
  const docker = await rows();
  check(docker > 0 && docker < total, `cis-docker findings: ${docker} of ${total}`);
  const controls = await page.locator("#rows .finding .controls").allInnerTexts();
  check(controls.every((c) => c.includes("cis-docker:")), "a finding outside cis-docker is shown");
  // A control's findings count shows exactly that control's findings.
  await page.selectOption("select[name=framework]", "");
  await page.locator("details.framework[data-framework=cis-k8s] summary").click();
  const link = page.locator("a.show-control[data-control='cis-k8s:5.2.2']");
  const expected = Number(await link.innerText());
  await link.click();
  const privileged = await rows();
  check(privileged === expected, `control cis-k8s:5.2.2: ${privileged} rows, the table says ${expected}`);
  const texts = await page.locator("#rows .finding .controls").allInnerTexts();
  check(texts.every((c) => c.includes("cis-k8s:5.2.2")), "a finding of another control is shown");
  check(problems.length === 0, `the compliance page: ${problems.join("; ")}`);

  await page.goto("file://" + env("COVERAGE_REPORT"));
  const missed = await page.locator("tr.missed").count();
  const run = await page.locator("tr.run").count();
  check(missed > 0 && run > 0, `coverage page: ${run} lines run, ${missed} missed`);
  const color = await page.locator("tr.missed td.code").first().evaluate((e) => getComputedStyle(e).backgroundColor);
  check(color !== "rgba(0, 0, 0, 0)", "missed lines are not highlighted");
  await page.screenshot({ path: path.join(out, "coverage-report.png") });
  check(problems.length === 0, `the coverage page: ${problems.join("; ")}`);
} finally {
  await browser.close();
}
console.log("reports: policy reports valid, compliance and coverage pages render and filter");
