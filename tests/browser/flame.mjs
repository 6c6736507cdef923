// Opens a flame graph SVG in headless Chromium (Debian's), clicks a frame
// and checks the zoom, searches a name and checks the matched share,
// toggles case, and reloads the URL the page kept.
//   node flame.mjs FILE.svg ZOOM-FRAME SEARCH-REGEX
import { chromium } from "playwright-core";

const [file, zoomName, regex] = process.argv.slice(2);
const fail = (msg) => { console.error("FAIL: " + msg); process.exit(1); };

const browser = await chromium.launch({
	executablePath: "/usr/bin/chromium",
	args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
	       "--disable-background-networking", "--disable-component-update",
	       "--disable-sync"],
});
try {
	const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
	await page.goto("file://" + file);
	const frame = page.locator(`g.f[data-n="${zoomName}"]`).first();
	if (await frame.count() === 0) fail(`no frame ${zoomName}`);
	const before = +(await frame.locator("rect").getAttribute("width"));

	// Click: the frame fills the width, Reset Zoom appears, others hide.
	await frame.click();
	const after = +(await frame.locator("rect").getAttribute("width"));
	if (!(after > before && after > 1100)) fail(`zoom: width ${before} -> ${after}`);
	if (await page.locator("#unzoom.hide").count() !== 0) fail("no Reset Zoom after a click");
	const url = page.url();
	if (!/[?&]x=\d+/.test(url)) fail(`zoom not kept in the URL: ${url}`);

	// Search through the prompt: matched share shown, frames marked.
	page.once("dialog", (d) => d.accept(regex));
	await page.locator("#search").click();
	const matched = await page.locator("#matched").textContent();
	const m = /Matched: ([0-9.]+)%/.exec(matched);
	if (!m || +m[1] <= 0) fail(`search: matched "${matched}"`);
	if (await page.locator("g.f.match").count() === 0) fail("no frame marked");
	if (!/[?&]s=/.test(page.url())) fail("search not kept in the URL");

	// Case: an upper-case regex matches only with "ic" on.
	page.once("dialog", (d) => d.accept(regex.toUpperCase()));
	await page.locator("#search").click();
	const none = await page.locator("g.f.match").count();
	await page.locator("#ignorecase").click();
	const some = await page.locator("g.f.match").count();
	if (!(none === 0 && some > 0)) fail(`ignore case: ${none} then ${some} matches`);

	// Reset Zoom restores the widths.
	await page.locator("#unzoom").click();
	const back = +(await frame.locator("rect").getAttribute("width"));
	if (Math.abs(back - before) > 0.2) fail(`unzoom: width ${back}, was ${before}`);

	// The URL reopens the same view.
	await frame.click();
	const kept = page.url();
	const again = await browser.newPage();
	await again.goto(kept);
	const w = +(await again.locator(`g.f[data-n="${zoomName}"]`).first().locator("rect").getAttribute("width"));
	if (!(w > 1100)) fail(`reopened ${kept}: width ${w}`);
	console.log(`ok: zoom ${before.toFixed(1)} -> ${after.toFixed(1)}, ${matched}, ic ${none}->${some}`);
} finally {
	await browser.close();
}
