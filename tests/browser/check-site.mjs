// Checks a site written by `carepack publish`, every page in every language, as the acceptance
// of the website asks:
//   - axe-core in Chromium with the WCAG 2.0, 2.1 and 2.2 A and AA rules, at 1280 and 320 CSS px:
//     no violations;
//   - at 320 px nothing scrolls sideways;
//   - the first Tab reaches the skip link, it becomes visible, its focus is drawn, and it leads
//     to <main>;
//   - the Nu HTML Checker (vnu.jar): no errors;
//   - html-validate with its accessibility rules: no errors;
//   - every internal link (href, and the site's hreflang alternates and sitemap) reaches a file,
//     and every #fragment an element with that id.
// Usage: node check-site.mjs SITE_DIR [--chromium PATH]
// Exit 0 when everything passes; otherwise every problem is printed as FILE: what, and exit 1.
import { chromium } from "playwright-core";
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, dirname, resolve, sep } from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL, fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const site = resolve(args[0] ?? "");
const chromiumPath = args.includes("--chromium") ? args[args.indexOf("--chromium") + 1] : "/usr/bin/chromium";
if (!args[0] || !existsSync(join(site, "index.html"))) {
  console.error(`usage: node check-site.mjs SITE_DIR  (no index.html in ${site})`);
  process.exit(2);
}

const problems = [];
const problem = (file, what) => problems.push(`${relative(process.cwd(), file) || file}: ${what}`);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
const files = walk(site).sort();
const pages = files.filter((f) => f.endsWith(".html"));

// ---- internal links ---------------------------------------------------------------------------
const idCache = new Map();
function idsOf(file) {
  if (!idCache.has(file)) {
    const ids = new Set();
    for (const m of readFileSync(file, "utf8").matchAll(/\sid="([^"]+)"/g)) ids.add(m[1]);
    idCache.set(file, ids);
  }
  return idCache.get(file);
}
const decode = (s) => s.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">");
const siteUrl = (() => {
  const m = readFileSync(join(site, "index.html"), "utf8").match(/<link rel="canonical" href="([^"]+)"/);
  return m ? m[1] : null;
})();
function checkTarget(from, href) {
  if (/^(mailto|tel):/.test(href)) return;
  let target = href;
  if (/^https?:/.test(href)) {
    if (!siteUrl || !href.startsWith(siteUrl)) return;  // the wider web is not ours to check
    target = join(site, href.slice(siteUrl.length));
  } else {
    const [path] = href.split("#");
    target = path === "" ? from : resolve(dirname(from), decodeURIComponent(path.split("?")[0]));
  }
  const fragment = href.includes("#") ? href.slice(href.indexOf("#") + 1) : "";
  let file = target.split("#")[0];
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!file.startsWith(site + sep) && file !== site) return problem(from, `link leaves the site: ${href}`);
  if (!existsSync(file)) return problem(from, `broken link: ${href}`);
  if (fragment && file.endsWith(".html") && !idsOf(file).has(decodeURIComponent(fragment)))
    problem(from, `broken link: ${href} (no element with id "${fragment}" there)`);
}
let linkCount = 0;
for (const page of pages) {
  const html = readFileSync(page, "utf8");
  for (const m of html.matchAll(/<(?:a|link|script)\s[^>]*?(?:href|src)="([^"]+)"/g)) {
    ++linkCount;
    checkTarget(page, decode(m[1]));
  }
}
const sitemap = join(site, "sitemap.xml");
if (existsSync(sitemap))
  for (const m of readFileSync(sitemap, "utf8").matchAll(/(?:<loc>|href=")([^<"]+)/g)) {
    ++linkCount;
    checkTarget(sitemap, decode(m[1]));
  }
else problem(site, "no sitemap.xml");

// ---- Nu HTML Checker --------------------------------------------------------------------------
const vnu = join(dirname(require.resolve("vnu-jar")), "build", "dist", "vnu.jar");
{
  // vnu writes its JSON report on stderr.
  const run = spawnSync("java", ["-jar", vnu, "--errors-only", "--format", "json", "--exit-zero-always", ...pages], {
    encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error || run.status !== 0) problem(site, `vnu.jar could not run: ${run.error?.message ?? run.stderr.slice(0, 300)}`);
  else {
    try {
      for (const m of JSON.parse(run.stderr || '{"messages":[]}').messages ?? [])
        if (m.type === "error") problem(fileURLToPath(m.url), `vnu: ${m.message} (line ${m.lastLine})`);
    } catch {
      problem(site, `vnu.jar output unreadable: ${run.stderr.slice(0, 300)}`);
    }
  }
}

// ---- html-validate --------------------------------------------------------------------------------
{
  const { HtmlValidate } = require("html-validate");
  const validator = new HtmlValidate({ extends: ["html-validate:a11y"] });
  for (const page of pages) {
    const report = await validator.validateFile(page);
    for (const r of report.results)
      for (const m of r.messages)
        if (m.severity === 2) problem(page, `html-validate ${m.ruleId}: ${m.message} (line ${m.line})`);
  }
}

// ---- in the browser -------------------------------------------------------------------------
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
let axeRuns = 0;
// One tab per width, working through every page; the two widths run side by side.
async function checkAtWidth(width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const tab = await context.newPage();
  for (const page of pages) {
    await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
    await tab.addScriptTag({ content: axeSource });
    const result = await tab.evaluate(async (runOnly) => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: runOnly }, resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
    }, tags);
    ++axeRuns;
    for (const v of result) problem(page, `axe at ${width}px: ${v.id}: ${v.help} (${v.targets.join("; ")})`);
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) problem(page, `at ${width}px the page scrolls sideways by ${overflow}px`);
    if (width === 1280) {
      await tab.keyboard.press("Tab");
      const focus = await tab.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          skip: el.classList.contains("skip-link"),
          href: el.getAttribute("href"),
          visible: box.width > 1 && box.height > 1,
          drawn: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
        };
      });
      if (!focus.skip) problem(page, "the first Tab does not reach the skip link");
      else {
        if (!focus.visible) problem(page, "the skip link stays hidden when it has focus");
        if (!focus.drawn) problem(page, "the skip link's focus is not drawn");
        if (focus.href !== "#main") problem(page, `the skip link goes to ${focus.href}, not #main`);
      }
    }
  }
  await context.close();
}
await Promise.all([checkAtWidth(1280), checkAtWidth(320)]);

// Search, with no server: in each language, the words of one item's title find that item.
let searches = 0;
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = await context.newPage();
  for (const searchPage of pages.filter((p) => p.endsWith(`${sep}search.html`))) {
    const index = readFileSync(join(dirname(searchPage), "search-index.js"), "utf8");
    const entries = JSON.parse(index.slice(index.indexOf("["), index.lastIndexOf("]") + 1));
    const item = entries.find((e) => e.u.includes("#") && e.t.length > 3 && !e.u.startsWith("index.html"));
    if (!item) {
      problem(searchPage, "the search index has no item to look for");
      continue;
    }
    await tab.goto(`${pathToFileURL(searchPage).href}?q=${encodeURIComponent(item.t)}`, { waitUntil: "load" });
    await tab.waitForFunction(() => document.readyState === "complete");
    const found = await tab.evaluate(() =>
      [...document.querySelectorAll("#search-results ol a")].map((a) => a.getAttribute("href")));
    ++searches;
    if (!found.includes(item.u)) problem(searchPage, `searching for "${item.t}" does not find ${item.u} (found: ${found.slice(0, 5).join(", ") || "nothing"})`);
    else if (!(await tab.isVisible("#search-results"))) problem(searchPage, "search results are found but not shown");
  }
  await context.close();
}
await browser.close();

console.log(`browser checks took ${seconds()} s`);
console.log(`checked ${pages.length} pages: ${axeRuns} axe runs (${tags.join(", ")}), vnu, html-validate, ${linkCount} links, ${searches} searches`);
if (problems.length) {
  for (const p of problems) console.log(p);
  console.log(`${problems.length} problem${problems.length === 1 ? "" : "s"}`);
  process.exit(1);
}
console.log("no problems");
