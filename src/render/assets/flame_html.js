"use strict";
// sonde flame graph, HTML form: frames drawn on a canvas from compact
// data, so profiles of 100,000+ frames stay responsive.  Click to zoom,
// Reset Zoom, Search (regular expression, matched share shown), Aa for
// case; zoom and search kept in the URL (?x=START&w=WIDTH&d=DEPTH&s=RE&i=1).
(function () {
	var D = window.FLAME, names = D.names, fr = D.frames; // [name, depth, start, width] * n
	var N = fr.length / 4, H = D.frameHeight, inverted = D.inverted;
	var canvas = document.getElementById("flame"), ctx = canvas.getContext("2d");
	var tip = document.getElementById("details"), matchedEl = document.getElementById("matched");
	var zoom = { s: 0, w: D.total, d: 0, i: 0 }, zoomed = false, re = null, ignorecase = false;
	var matches = null, width = 0, colors = D.colors;
	function sizeCanvas() {
		width = document.body.clientWidth - 20;
		var h = (D.maxDepth + 1) * H;
		var dpr = window.devicePixelRatio || 1;
		canvas.width = width * dpr; canvas.height = h * dpr;
		canvas.style.width = width + "px"; canvas.style.height = h + "px";
		ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
	}
	function y(depth) { return inverted ? depth * H : (D.maxDepth - depth) * H; }
	function draw() {
		var scale = width / zoom.w, minPx = 0.1;
		ctx.clearRect(0, 0, width, (D.maxDepth + 1) * H);
		ctx.font = "12px Verdana, sans-serif";
		ctx.textBaseline = "middle";
		for (var k = 0; k < N; k++) {
			var i = 4 * k, s = fr[i + 2], w = fr[i + 3], d = fr[i + 1];
			var px = w * scale;
			if (px < minPx) continue;
			var x0, inside = s >= zoom.s && s + w <= zoom.s + zoom.w && d >= zoom.d;
			var above = d < zoom.d && s <= zoom.s && s + w >= zoom.s + zoom.w;
			if (!inside && !above) continue;
			if (above) { x0 = 0; px = width; }
			else x0 = (s - zoom.s) * scale;
			ctx.globalAlpha = above ? 0.5 : 1;
			ctx.fillStyle = matches && matches[k] ? "rgb(230,0,230)" : colors[k];
			ctx.fillRect(x0, y(d), Math.max(px - 0.5, 0.5), H - 1);
			if (px > 30) {
				var name = names[fr[i]], chars = Math.floor((px - 6) / 7);
				if (chars >= 3) {
					ctx.fillStyle = "#000";
					ctx.fillText(name.length <= chars ? name : name.substring(0, chars - 2) + "..",
						x0 + 3, y(d) + H / 2);
				}
			}
		}
		ctx.globalAlpha = 1;
	}
	function frameAt(px, py) {
		var d = inverted ? Math.floor(py / H) : D.maxDepth - Math.floor(py / H);
		var t = zoom.s + px * zoom.w / width;
		for (var k = 0; k < N; k++) {
			var i = 4 * k;
			if (fr[i + 1] === d && fr[i + 2] <= t && t < fr[i + 2] + fr[i + 3]) return k;
		}
		return -1;
	}
	function label(k) {
		var i = 4 * k, w = fr[i + 3];
		return names[fr[i]] + " (" + w.toLocaleString("en-US") + " " + D.countName + ", " +
			(100 * w / D.total).toFixed(2) + "%)";
	}
	function setZoom(k) {
		if (k < 0) { zoom = { s: 0, w: D.total, d: 0 }; zoomed = false; }
		else { var i = 4 * k; zoom = { s: fr[i + 2], w: fr[i + 3], d: fr[i + 1] }; zoomed = true; }
		document.getElementById("unzoom").classList.toggle("hide", !zoomed);
		search(re === null ? "" : re.source);
	}
	function search(src) {
		if (src === "") { re = null; matches = null; matchedEl.textContent = ""; keep(); draw(); return; }
		try { re = new RegExp(src, ignorecase ? "i" : ""); }
		catch (e) { matchedEl.textContent = "bad regex"; return; }
		matches = new Uint8Array(N);
		var spans = [];
		for (var k = 0; k < N; k++) {
			var i = 4 * k;
			if (!re.test(names[fr[i]])) continue;
			matches[k] = 1;
			var s = fr[i + 2], e = s + fr[i + 3];
			if (s >= zoom.s && e <= zoom.s + zoom.w) spans.push([s, e]);
		}
		spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
		var covered = 0, end = -1;
		for (var j = 0; j < spans.length; j++) {
			if (spans[j][0] >= end) { covered += spans[j][1] - spans[j][0]; end = spans[j][1]; }
			else if (spans[j][1] > end) { covered += spans[j][1] - end; end = spans[j][1]; }
		}
		matchedEl.textContent = "Matched: " + (100 * covered / zoom.w).toFixed(1) + "%";
		keep();
		draw();
	}
	function keep() {
		var p = new URLSearchParams();
		if (zoomed) { p.set("x", zoom.s); p.set("w", zoom.w); p.set("d", zoom.d); }
		if (re) p.set("s", re.source);
		if (ignorecase) p.set("i", "1");
		var q = p.toString();
		try { history.replaceState(null, "", q ? "?" + q : location.pathname); } catch (e) {}
	}
	canvas.addEventListener("click", function (e) {
		var r = canvas.getBoundingClientRect(), k = frameAt(e.clientX - r.left, e.clientY - r.top);
		if (k >= 0) setZoom(k);
	});
	canvas.addEventListener("mousemove", function (e) {
		var r = canvas.getBoundingClientRect(), k = frameAt(e.clientX - r.left, e.clientY - r.top);
		tip.textContent = k >= 0 ? label(k) : "";
	});
	document.getElementById("unzoom").addEventListener("click", function () { setZoom(-1); });
	document.getElementById("search").addEventListener("click", function () {
		var src = prompt("Search (regular expression):", re ? re.source : "");
		if (src !== null) search(src);
	});
	document.getElementById("ignorecase").addEventListener("click", function () {
		ignorecase = !ignorecase;
		this.classList.toggle("on", ignorecase);
		search(re ? re.source : "");
	});
	window.addEventListener("resize", function () { sizeCanvas(); draw(); });
	sizeCanvas();
	var p = new URLSearchParams(location.search);
	if (p.get("i")) { ignorecase = true; document.getElementById("ignorecase").classList.add("on"); }
	if (p.get("x") !== null && p.get("w") !== null) {
		var x = +p.get("x"), w = +p.get("w"), d = p.get("d") === null ? -1 : +p.get("d");
		for (var k = 0; k < N; k++)
			if (fr[4 * k + 2] === x && fr[4 * k + 3] === w && (d < 0 || fr[4 * k + 1] === d)) { setZoom(k); break; }
	}
	if (p.get("s")) search(p.get("s")); else draw();
	window.flameState = function () {
		return { zoomed: zoomed, zoom: zoom, matched: matchedEl.textContent, frames: N };
	};
})();
