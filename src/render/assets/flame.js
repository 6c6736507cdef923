"use strict";
// sonde flame graph: click to zoom, Reset Zoom to undo, Search for a
// regular expression (matched share shown), "ic" toggles case.  Zoom and
// search are kept in the URL (?x=START&w=WIDTH&s=REGEX&i=1), so a link
// reopens the same view.
var svg, frames = [], total = 0, xpad = 10, width = 0, cw = 0.59, fs = 12;
var zoomed = null, searching = null, ignorecase = false;
function $(id) { return document.getElementById(id); }
function init(evt) {
	svg = document.documentElement;
	var g = document.querySelectorAll("g.f");
	for (var i = 0; i < g.length; i++) {
		var f = g[i];
		frames.push({ g: f, r: f.querySelector("rect"), t: f.querySelector("text"),
			n: f.getAttribute("data-n"), s: +f.getAttribute("data-s"),
			w: +f.getAttribute("data-w"), d: +f.getAttribute("data-d"),
			fill: f.querySelector("rect").getAttribute("fill") });
		f.addEventListener("click", clicked);
		f.addEventListener("mouseover", function (e) { details(this); });
		f.addEventListener("mouseout", function (e) { $("details").textContent = " "; });
	}
	total = +svg.getAttribute("data-total");
	xpad = +svg.getAttribute("data-xpad");
	width = +svg.getAttribute("width");
	fs = +svg.getAttribute("data-fontsize");
	$("unzoom").addEventListener("click", unzoom);
	$("search").addEventListener("click", function () {
		var re = prompt("Search (regular expression):", searching || "");
		if (re !== null) search(re);
	});
	$("ignorecase").addEventListener("click", function () {
		ignorecase = !ignorecase;
		$("ignorecase").classList.toggle("on", ignorecase);
		if (searching) search(searching); else keep_url();
	});
	window.addEventListener("keydown", function (e) {
		if (e.keyCode === 114 || ((e.ctrlKey || e.metaKey) && e.keyCode === 70)) {
			e.preventDefault();
			$("search").dispatchEvent(new Event("click"));
		}
	});
	var p = new URLSearchParams(window.location.search);
	if (p.get("i")) { ignorecase = true; $("ignorecase").classList.add("on"); }
	if (p.get("x") !== null && p.get("w") !== null) {
		var x = +p.get("x"), w = +p.get("w"), d = p.get("d") === null ? -1 : +p.get("d");
		for (var i = 0; i < frames.length; i++)
			if (frames[i].s === x && frames[i].w === w && (d < 0 || frames[i].d === d)) {
				zoom(frames[i]);
				break;
			}
	}
	if (p.get("s")) search(p.get("s"));
}
function name_of(f) { return f.n; }
function details(g) {
	var f = frames.find(function (x) { return x.g === g; });
	$("details").textContent = f ? g.querySelector("title").textContent : " ";
}
function fit(f, px) {
	var chars = Math.floor(px / (fs * cw));
	if (chars < 3) return "";
	return f.n.length <= chars ? f.n : f.n.substring(0, chars - 2) + "..";
}
function place(f, zs, zw) {
	var scale = (width - 2 * xpad) / zw;
	var x = xpad + (f.s - zs) * scale, w = f.w * scale;
	f.r.setAttribute("x", x.toFixed(1));
	f.r.setAttribute("width", Math.max(w, 0).toFixed(1));
	f.t.setAttribute("x", (x + 3).toFixed(1));
	f.t.textContent = fit(f, w);
}
function clicked(e) {
	var f = frames.find(function (x) { return x.g === e.currentTarget; });
	if (f) zoom(f);
}
function zoom(z) {
	zoomed = z;
	$("unzoom").classList.remove("hide");
	for (var i = 0; i < frames.length; i++) {
		var f = frames[i];
		var inside = f.s >= z.s && f.s + f.w <= z.s + z.w && f.d >= z.d;
		var above = f.d < z.d && f.s <= z.s && f.s + f.w >= z.s + z.w;
		f.g.classList.toggle("hide", !inside && !above);
		f.g.classList.toggle("parent", above);
		if (above) place({ r: f.r, t: f.t, n: f.n, s: z.s, w: z.w }, z.s, z.w);
		else if (inside) place(f, z.s, z.w);
	}
	if (searching) search(searching); else keep_url();
}
function unzoom() {
	zoomed = null;
	$("unzoom").classList.add("hide");
	for (var i = 0; i < frames.length; i++) {
		frames[i].g.classList.remove("hide", "parent");
		place(frames[i], 0, total);
	}
	if (searching) search(searching); else keep_url();
}
function search(re) {
	var rx;
	try { rx = new RegExp(re, ignorecase ? "i" : ""); }
	catch (err) { $("matched").textContent = "bad regex"; return; }
	searching = re === "" ? null : re;
	var spans = [];
	for (var i = 0; i < frames.length; i++) {
		var f = frames[i], hit = searching !== null && rx.test(f.n);
		f.r.setAttribute("fill", hit ? "rgb(230,0,230)" : f.fill);
		f.g.classList.toggle("match", hit);
		if (hit && (!zoomed || (f.s >= zoomed.s && f.s + f.w <= zoomed.s + zoomed.w)))
			spans.push([f.s, f.s + f.w]);
	}
	// Nested matches count once: merge the covered ranges.
	spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
	var covered = 0, end = -1;
	for (var k = 0; k < spans.length; k++) {
		if (spans[k][0] >= end) { covered += spans[k][1] - spans[k][0]; end = spans[k][1]; }
		else if (spans[k][1] > end) { covered += spans[k][1] - end; end = spans[k][1]; }
	}
	var base = zoomed ? zoomed.w : total;
	$("matched").textContent = searching === null ? " " :
		"Matched: " + (base ? (100 * covered / base).toFixed(1) : "0.0") + "%";
	$("search").classList.toggle("on", searching !== null);
	keep_url();
}
function keep_url() {
	var p = new URLSearchParams();
	if (zoomed) { p.set("x", zoomed.s); p.set("w", zoomed.w); p.set("d", zoomed.d); }
	if (searching) p.set("s", searching);
	if (ignorecase) p.set("i", "1");
	var q = p.toString();
	try { history.replaceState(null, "", q ? "?" + q : window.location.pathname); } catch (e) {}
}
