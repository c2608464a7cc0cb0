"use strict";
const DATA = JSON.parse(document.getElementById("ittifak-data").textContent);
const UI = {
  search: ["Ad ara", "Search by name"], classes: ["Sınıflar", "Classes"], years: ["Yıllar", "Years"],
  undated: ["tarihsizler", "undated"], lang: ["Dil", "Language"], details: ["Ayrıntılar", "Details"],
  hint: ["Bir düğüme tıklayın ya da ad arayın.", "Click a node or search for a name."],
  shown: ["gösterilen", "shown"], of: ["/", "of"], cls: ["Sınıf", "Class"], active: ["Yıllar", "Years"],
  sources: ["Kaynaklar", "Sources"], passages: ["Makaledeki satırlar", "Lines of the paper"],
  measures: ["Merkezilik", "Centrality"], ties: ["Bağlar", "Ties"], office: ["Makam", "Office"],
  nomatch: ["Eşleşen ad yok", "No matching name"], hidden: ["(süzgeçle gizli)", "(hidden by the filters)"],
  other: ["Öbür dildeki ad", "In the other language"], lines: ["satır", "lines"], iri: ["IRI", "IRI"],
  placeholder: ["ör. tika, elçibey", "e.g. tika, elcibey"],
  linked: ["yalnız gösterilen işlere bağlı aktörler", "only actors tied to the affairs shown"],
  showall: ["Hepsini göster", "Show everything"],
  bysources: ["(arşiv belgelerinin tarihinden)", "(from the dates of its archival sources)"],
};
let LANG = DATA.lang;
const t = (k) => UI[k][LANG === "tr" ? 0 : 1];
const FOLD = {"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u"};

// The same key as ittifak.text.match_key: Turkish lower case, Turkish letters folded to ASCII,
// accents dropped, spaces collapsed.
function matchKey(text) {
  let s = String(text).normalize("NFC").replace(/I/g, "ı").replace(/İ/g, "i").toLowerCase();
  s = s.replace(/[ışğçöüâîû]/g, (c) => FOLD[c]);
  s = s.normalize("NFKD").replace(/\p{Mn}/gu, "");
  return s.split(/\s+/).filter(Boolean).join(" ");
}
window.matchKey = matchKey;

const byId = new Map(DATA.nodes.map((n) => [n.id, n]));
const groupName = (g) => { const e = DATA.groups.find((x) => x[0] === g); return e ? e[LANG === "tr" ? 1 : 2] : g; };
const label = (n) => (LANG === "tr" ? n.label_tr || n.label_en : n.label_en || n.label_tr) || n.id;
const keys = new Map(DATA.nodes.map((n) => [n.id, [n.label_tr, n.label_en, ...n.alt].filter(Boolean).map(matchKey)]));

// a long name (an agreement's) is cut at a word on the map, as in the figure; the whole name is
// in the tooltip, the details and the search
function shortName(s, limit = 40) {
  if (s.length <= limit) return s;
  const cut = s.slice(0, limit - 1);
  return (s[limit - 1] === " " ? cut : cut.replace(/\s+\S*$/, "")).replace(/[\s,;:–-]+$/, "") + "…";
}
function visNode(n) {
  const v = {id: n.id, label: shortName(label(n)), value: n.value,
    title: label(n) + " — " + groupName(n.group) + (n.years.length ? " (" + n.years.join(", ") + ")" : ""),
    color: {background: n.color, border: n.focus ? "#000" : "#ffffff",
            highlight: {background: n.color, border: "#000"}, hover: {background: n.color, border: "#333"}},
    borderWidth: n.focus ? 3 : 1};
  if (DATA.positioned && n.x !== undefined) { v.x = n.x; v.y = n.y; }
  return v;
}
const nodes = new vis.DataSet(DATA.nodes.map(visNode));
const edges = new vis.DataSet(DATA.edges.map((e, i) => ({id: i, from: e.from, to: e.to, value: e.value,
  title: e.how.join(", ") + (e.contexts.length ? " · " + e.contexts.length : "")})));
const network = new vis.Network(document.getElementById("map"), {nodes, edges}, {
  layout: {randomSeed: 7, improvedLayout: false},
  physics: DATA.positioned ? false : {stabilization: {iterations: 400}, barnesHut: {gravitationalConstant: -6000}},
  interaction: {hover: true, tooltipDelay: 120, keyboard: {enabled: true, bindToWindow: false}, multiselect: false},
  nodes: {shape: "dot", font: {face: "DejaVu Sans, sans-serif", strokeWidth: 3, strokeColor: "#ffffff"},
          scaling: {min: 5, max: 38, label: {enabled: true, min: 11, max: 30, drawThreshold: 8, maxVisible: 34}}},
  edges: {smooth: false, color: {color: "rgba(110,110,110,0.35)", highlight: "#222", hover: "#444"},
          scaling: {min: 0.6, max: 6}},
});
window.network = network;

// A bipartite map opens on a view (DATA.start: the affair classes shown first, e.g. the
// agreements, and only the actors tied to them); "Show everything" is one click away.
const AFFAIR_GROUPS = new Set(DATA.nodes.filter((n) => n.kind === "affair").map((n) => n.group));
const NEIGHBOURS = new Map(DATA.nodes.map((n) => [n.id, []]));
for (const e of DATA.edges) { NEIGHBOURS.get(e.from).push(e.to); NEIGHBOURS.get(e.to).push(e.from); }
function passes(n) {
  const on = document.querySelector('input[data-group="' + n.group + '"]');
  if (on && !on.checked) return false;
  const lo = +document.getElementById("from").value, hi = +document.getElementById("to").value;
  if (!n.years.length) return document.getElementById("undated").checked;
  return n.years.some((y) => y >= lo && y <= hi);
}
function visible(n) {
  if (!passes(n)) return false;
  if (n.kind !== "actor" || !document.getElementById("linked").checked) return true;
  return NEIGHBOURS.get(n.id).some((m) => byId.get(m).kind === "affair" && passes(byId.get(m)));
}
function applyFilters() {
  const updates = DATA.nodes.map((n) => ({id: n.id, hidden: !visible(n)}));
  nodes.update(updates);
  const shown = updates.filter((u) => !u.hidden).length;
  document.getElementById("count").textContent =
    shown + " " + t("of") + " " + DATA.nodes.length + " " + t("shown") + " · " + DATA.edges.length + " " + t("ties").toLowerCase();
}

function esc(s) { const d = document.createElement("div"); d.textContent = String(s); return d.innerHTML; }
function showDetails(id) {
  const n = byId.get(id), box = document.getElementById("details");
  if (!n) { box.className = "muted"; box.textContent = t("hint"); return; }
  box.className = "";
  const other = LANG === "tr" ? n.label_en : n.label_tr;
  let h = '<div class="name">' + esc(label(n)) + "</div><dl>";
  if (other && other !== label(n)) h += "<dt>" + t("other") + "</dt><dd>" + esc(other) + "</dd>";
  h += "<dt>" + t("cls") + '</dt><dd><span class="swatch" style="background:' + n.color + '"></span>' +
       esc(groupName(n.group)) + (n.cls && n.cls !== n.group ? " (" + esc(n.cls) + ")" : "") + "</dd>";
  const office = LANG === "tr" ? n.office[0] : n.office[1];
  if (office) h += "<dt>" + t("office") + "</dt><dd>" + esc(office) + "</dd>";
  if (n.years.length) h += "<dt>" + t("active") + "</dt><dd>" + n.years.join(", ") +
       (n.datedBy === "sources" ? ' <span class="muted">' + t("bysources") + "</span>" : "") + "</dd>";
  h += "<dt>" + t("measures") + '</dt><dd><table class="m">' + DATA.measures.map((m) =>
       "<tr><td>" + esc(DATA.measureNames[m][LANG === "tr" ? 0 : 1]) + "</td><td>" + n.m[m] + "</td></tr>").join("") + "</table></dd>";
  if (n.sources.length) h += "<dt>" + t("sources") + "</dt><dd><ul>" + n.sources.map((s) =>
       '<li title="' + esc(s.iri) + '">' + esc(s.cite || s.iri.split("/").pop()) + "</li>").join("") + "</ul></dd>";
  if (n.passages.length) h += "<dt>" + t("passages") + "</dt><dd>" + n.passages.map((p) =>
       esc(t("lines") + " " + p.replace(/^L/, "").replace("-", "–"))).join("; ") + "</dd>";
  const nbs = network.getConnectedNodes(id).map((x) => byId.get(x)).filter(Boolean)
       .sort((a, b) => (b.value - a.value) || label(a).localeCompare(label(b)));
  if (nbs.length) h += "<dt>" + t("ties") + " (" + nbs.length + ')</dt><dd><ul>' + nbs.slice(0, 25).map((x) =>
       '<li><a class="nb" data-id="' + esc(x.id) + '">' + esc(label(x)) + "</a></li>").join("") + "</ul></dd>";
  h += "<dt>" + t("iri") + '</dt><dd class="muted" style="word-break:break-all">' + esc(n.id) + "</dd></dl>";
  box.innerHTML = h;
  box.querySelectorAll("a.nb").forEach((a) => a.addEventListener("click", () => select(a.dataset.id)));
}
// The selected node's name in a box above it, whatever the zoom (vis hides small labels).
function placePicked() {
  const box = document.getElementById("picked"), sel = network.getSelectedNodes();
  const n = sel.length ? byId.get(sel[0]) : null;
  if (!n || nodes.get(n.id).hidden) { box.hidden = true; return; }
  const p = network.canvasToDOM(network.getPositions([n.id])[n.id]);
  const r = (network.body.nodes[n.id].options.size || 10) * network.getScale();
  box.textContent = label(n);
  box.style.left = p.x + "px";
  box.style.top = (p.y - r - 4) + "px";
  box.hidden = false;
}
network.on("afterDrawing", placePicked);
function select(id) {
  network.selectNodes([id]);
  if (!nodes.get(id).hidden) network.focus(id, {scale: Math.max(network.getScale(), 0.6), animation: false});
  showDetails(id);
  placePicked();
}
window.selectByName = function (text) {
  const found = search(text);
  if (found.length) select(found[0].id);
  return found.length ? found[0].id : null;
};

function search(text) {
  const q = matchKey(text);
  if (!q) return [];
  const words = q.split(" ");  // every word must be found, in any order: "1992 ticaret", "trade agreement"
  const scored = [];
  for (const n of DATA.nodes) {
    let best = 9;
    for (const k of keys.get(n.id)) {
      const kw = k.split(" ");
      if (k === q) best = Math.min(best, 0);
      else if (k.startsWith(q)) best = Math.min(best, 1);
      else if (words.every((w) => kw.some((x) => x.startsWith(w)))) best = Math.min(best, 2);
      else if (words.every((w) => k.includes(w))) best = Math.min(best, 3);
    }
    if (best < 9) scored.push([best, -n.value, label(n), n]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]));
  return scored.map((s) => s[3]);
}
function showResults() {
  const list = document.getElementById("results"), text = document.getElementById("search").value;
  list.innerHTML = "";
  if (!matchKey(text)) return;
  const found = search(text);
  if (!found.length) { list.innerHTML = '<li class="muted">' + t("nomatch") + "</li>"; return; }
  for (const n of found.slice(0, 12)) {
    const li = document.createElement("li");
    li.innerHTML = '<span class="swatch" style="background:' + n.color + '"></span>' + esc(label(n)) +
      (nodes.get(n.id).hidden ? ' <span class="muted">' + t("hidden") + "</span>" : "");
    li.addEventListener("click", () => select(n.id));
    list.appendChild(li);
  }
}

function setLanguage(lang) {
  LANG = lang;
  document.documentElement.lang = lang;
  document.title = DATA.titles[lang];
  document.getElementById("title").textContent = DATA.titles[lang];
  for (const k of ["search", "classes", "years", "lang", "details", "linked"]) document.getElementById("t-" + k).textContent = t(k);
  document.getElementById("showall").textContent = t("showall");
  document.getElementById("t-undated").textContent = t("undated");
  document.getElementById("search").placeholder = t("placeholder");
  nodes.update(DATA.nodes.map(visNode).map((v) => ({id: v.id, label: v.label, title: v.title})));
  buildClasses();
  applyFilters();
  const sel = network.getSelectedNodes();
  showDetails(sel.length ? sel[0] : null);
  showResults();
  network.redraw();
}
function buildClasses() {
  const box = document.getElementById("classes"), old = {};
  box.querySelectorAll("input").forEach((i) => { old[i.dataset.group] = i.checked; });
  box.innerHTML = "";
  for (const [g] of DATA.groups) {
    const count = DATA.nodes.filter((n) => n.group === g).length;
    if (!count) continue;
    const first = !(g in old) && DATA.start && AFFAIR_GROUPS.has(g) && !DATA.start.affairs.includes(g);
    const l = document.createElement("label"); l.className = "cls";
    l.innerHTML = '<input type="checkbox" data-group="' + g + '"' + (old[g] === false || first ? "" : " checked") + '> <span class="swatch" style="background:' +
      DATA.groups.find((x) => x[0] === g)[3] + '"></span>' + esc(groupName(g)) + ' <span class="muted">' + count + "</span>";
    l.querySelector("input").addEventListener("change", applyFilters);
    box.appendChild(l);
  }
}

// every year a node is dated in, and every year of the dataset's coverage (DATA.years), where
// the filter starts
const years = new Set(DATA.nodes.flatMap((n) => n.years));
if (DATA.years) for (let y = DATA.years[0]; y <= DATA.years[1]; y++) years.add(y);
for (const id of ["from", "to"]) {
  const s = document.getElementById(id);
  for (const y of [...years].sort((a, b) => a - b)) s.add(new Option(String(y), String(y)));
  if (DATA.years) s.value = String(DATA.years[id === "from" ? 0 : 1]);
  s.addEventListener("change", applyFilters);
}
document.getElementById("undated").addEventListener("change", applyFilters);
if (DATA.start) {
  document.getElementById("view").hidden = false;
  document.getElementById("linked").checked = DATA.start.linked;
}
document.getElementById("linked").addEventListener("change", applyFilters);
document.getElementById("showall").addEventListener("click", () => {
  document.querySelectorAll("#classes input").forEach((i) => { i.checked = true; });
  document.getElementById("linked").checked = false;
  applyFilters();
  fitShown();
});
document.getElementById("search").addEventListener("input", showResults);
document.getElementById("search").addEventListener("keydown", (e) => {
  if (e.key === "Enter") { e.preventDefault(); window.selectByName(e.target.value); }
});
document.getElementById("lang").value = LANG;
document.getElementById("lang").addEventListener("change", (e) => setLanguage(e.target.value));
network.on("click", (p) => showDetails(p.nodes.length ? p.nodes[0] : null));
network.on("hoverNode", (p) => { if (!network.getSelectedNodes().length) showDetails(p.node); });
network.once("afterDrawing", () => {
  window.ittifakReady = true;
  document.body.setAttribute("data-ready", "true");
});
setLanguage(LANG);
const focused = DATA.nodes.filter((n) => n.focus).map((n) => n.id);
if (focused.length) select(focused[0]);
// the view opens on what is shown (the first view of a bipartite map is a part of it)
function fitShown() {
  const ids = nodes.get({filter: (n) => !n.hidden}).map((n) => n.id);
  network.fit(ids.length ? {nodes: ids, animation: false} : {animation: false});
}
fitShown();
