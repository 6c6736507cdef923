// The HTML flame graph in headless Chromium: click a frame on the canvas
// and check the zoom, search and check the matched share, toggle case,
// reopen the kept URL.  Prints how long loading, a zoom and a search took.
//   node flame_html.mjs FILE.html ZOOM-FRAME SEARCH-REGEX
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
	let t = Date.now();
	await page.goto("file://" + file);
	const loadMs = Date.now() - t;
	// Where the frame is: from the page's own data.
	const pos = await page.evaluate((name) => {
		const D = window.FLAME, c = document.getElementById("flame");
		const r = c.getBoundingClientRect(), W = c.clientWidth;
		const n = D.names.indexOf(name);
		for (let k = 0; k < D.frames.length / 4; k++) {
			const i = 4 * k;
			if (D.frames[i] !== n) continue;
			const d = D.frames[i + 1];
			const y = (D.inverted ? d : D.maxDepth - d) * D.frameHeight + D.frameHeight / 2;
			const x = (D.frames[i + 2] + D.frames[i + 3] / 2) * W / D.total;
			return { x: r.left + x, y: r.top + y, w: D.frames[i + 3] };
		}
		return null;
	}, zoomName);
	if (!pos) fail(`no frame ${zoomName}`);
	t = Date.now();
	await page.mouse.click(pos.x, pos.y);
	const zoomMs = Date.now() - t;
	let st = await page.evaluate(() => window.flameState());
	if (!st.zoomed || st.zoom.w !== pos.w) fail(`zoom: ${JSON.stringify(st)}`);
	if (await page.locator("#unzoom.hide").count() !== 0) fail("no Reset Zoom");
	if (!/[?&]x=\d+/.test(page.url())) fail("zoom not kept in the URL");
	page.once("dialog", (d) => d.accept(regex));
	t = Date.now();
	await page.locator("#search").click();
	const searchMs = Date.now() - t;
	st = await page.evaluate(() => window.flameState());
	const m = /Matched: ([0-9.]+)%/.exec(st.matched);
	if (!m || +m[1] <= 0) fail(`search: "${st.matched}"`);
	page.once("dialog", (d) => d.accept(regex.toUpperCase()));
	await page.locator("#search").click();
	const none = (await page.evaluate(() => window.flameState())).matched;
	await page.locator("#ignorecase").click();
	const some = (await page.evaluate(() => window.flameState())).matched;
	if (!(/ 0\.0%/.test(none) && !/ 0\.0%/.test(some))) fail(`ignore case: "${none}" then "${some}"`);
	const kept = page.url();
	const again = await browser.newPage();
	await again.goto(kept);
	const st2 = await again.evaluate(() => window.flameState());
	if (!st2.zoomed) fail(`reopened ${kept}: not zoomed`);
	await page.locator("#unzoom").click();
	st = await page.evaluate(() => window.flameState());
	if (st.zoomed) fail("Reset Zoom did not reset");
	console.log(`ok: ${st.frames} frames; load ${loadMs} ms, zoom ${zoomMs} ms, search ${searchMs} ms; ${some}`);
} finally {
	await browser.close();
}
