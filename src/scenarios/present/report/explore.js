// The report's Explore panel: re-ranks the options in the page as the reader moves the controls.
// It mirrors the Python engine step by step so that the numbers equal `scenarios rank --format json`
// (additive method): futures effects → value functions → Σ w_j v_ij → ranks → red-line demotion.
// Model text is only ever set with textContent, never parsed as HTML.
(function () {
  "use strict";
  var TIE = 1e-12; // scores this close (relative, at least absolute) share the better rank, as methods.ranks
  var D = JSON.parse(document.getElementById("explore-data").textContent);
  var C = D.criteria, O = D.options, n = C.length;
  var panel = document.getElementById("explore-panel");
  var sliders = C.map(function (c, j) { return document.getElementById("explore-w" + j); });
  var outputs = C.map(function (c, j) { return document.getElementById("explore-wpct" + j); });
  var redInputs = C.map(function (c, j) { return document.getElementById("explore-rl" + j); });
  var profileSelect = document.getElementById("explore-profile");
  var list = document.querySelector("#explore-ranking ol");
  var status = document.getElementById("explore-status");
  // `base`: the weight set picked (model's, or a profile's normalized); `raw`: base with the slider
  // settings; `weights`: what the ranking uses — base as is until a slider moves, then raw / Σ raw.
  var base = C.map(function (c) { return c.weight; });
  var raw = base.slice(), weights = base, adjusted = false;

  // numpy's pairwise summation (np.add.reduce), so sums agree with Python to the last bit.
  function sum(a) {
    var k, i, s = 0;
    if (a.length < 8) { for (k = 0; k < a.length; k++) s += a[k]; return s; }
    var r = a.slice(0, 8);
    for (i = 8; i + 8 <= a.length; i += 8) for (k = 0; k < 8; k++) r[k] += a[i + k];
    s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < a.length; i++) s += a[i];
    return s;
  }
  // Model.with_weights: raw weights divided by their sum.
  function normalize(raw) {
    var t = sum(raw);
    return raw.map(function (w) { return w / t; });
  }
  // values.py: linear a + b·x from the scale, else np.interp over the breakpoints (clamped).
  function value(c, x) {
    var xs = c.xs, vs = c.vs, last = xs.length - 1, j = 0;
    if (xs.length === 2) {
      var b = (vs[1] - vs[0]) / (xs[1] - xs[0]);
      return (vs[0] - b * xs[0]) + b * Math.min(Math.max(x, c.scale[0]), c.scale[1]);
    }
    if (x <= xs[0]) return vs[0];
    if (x >= xs[last]) return vs[last];
    while (x >= xs[j + 1]) j++;
    if (x === xs[j]) return vs[j];
    return (vs[j + 1] - vs[j]) / (xs[j + 1] - xs[j]) * (x - xs[j]) + vs[j];
  }
  // futures.apply_effects: effects whose `when` all hold apply in file order (shift adds, value
  // replaces); the cells they touched are clipped to the scale once, after the last effect.
  function scores(outcomes) {
    var x = O.map(function (o) { return o.scores.slice(); });
    var touched = O.map(function () { return C.map(function () { return false; }); });
    D.effects.forEach(function (e) {
      var holds = e.when.every(function (p) { return outcomes[p[0]] === p[1]; });
      if (!holds) return;
      var j = C.findIndex(function (c) { return c.id === e.criterion; });
      O.forEach(function (o, i) {
        if (e.option !== null && e.option !== o.id) return;
        x[i][j] = e.shift !== null ? x[i][j] + e.shift : e.value;
        touched[i][j] = true;
      });
    });
    return x.map(function (row, i) {
      return row.map(function (v, j) {
        return touched[i][j] ? Math.min(Math.max(v, C[j].scale[0]), C[j].scale[1]) : v;
      });
    });
  }
  // A red line is crossed by a score strictly worse than it in the criterion's direction.
  function crossed(c, x, line) {
    return line !== null && (c.better === "higher" ? x < line : x > line);
  }
  // Python's f"{x:.3f}": toFixed rounds exact halves up, Python to even (halves are odd/16ths).
  function fmt3(x) {
    if (Number.isInteger(x * 16) && !Number.isInteger(x * 8)) {
      var k = Math.floor(x * 1000);
      return ((k % 2 === 0 ? k : k + 1) / 1000).toFixed(3);
    }
    return x.toFixed(3);
  }

  // Read the controls into the current settings.
  function settings() {
    var outcomes = {};
    panel.querySelectorAll("input[type=radio][data-uncertainty]:checked").forEach(function (r) {
      if (r.dataset.outcome) outcomes[r.dataset.uncertainty] = r.dataset.outcome;
    });
    var lines = redInputs.map(function (el) {
      var v = el.value.trim() === "" ? null : Number(el.value);
      el.setAttribute("aria-invalid", v !== null && !isFinite(v) ? "true" : "false");
      return v !== null && isFinite(v) ? v : null;
    });
    return { outcomes: outcomes, lines: lines };
  }

  // The ranking as `rank()` computes it: rank = 1 + the number of options placed above, where
  // crossing no red line beats crossing one, then a higher score (by more than TIE) beats a lower.
  function rank(s) {
    var x = scores(s.outcomes);
    var rows = O.map(function (o, i) {
      var parts = C.map(function (c, j) { return value(c, x[i][j]) * weights[j]; });
      var out = C.filter(function (c, j) { return crossed(c, x[i][j], s.lines[j]); });
      return { i: i, o: o, parts: parts, score: sum(parts), out: out };
    });
    rows.forEach(function (r) {
      r.rank = 1 + rows.filter(function (q) {
        var a = q.out.length > 0, b = r.out.length > 0;
        return a !== b ? !a : q.score > r.score + TIE * Math.max(1, Math.abs(q.score), Math.abs(r.score));
      }).length;
    });
    return rows.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render() {
    var s = settings();
    weights.forEach(function (w, j) {
      outputs[j].textContent = (100 * w).toFixed(1) + "%";
      sliders[j].setAttribute("aria-valuetext", (100 * w).toFixed(1) + " percent");
    });
    list.replaceChildren.apply(list, rank(s).map(function (r) {
      var li = el("li", r.out.length ? "x-out" : "");
      li.dataset.option = r.o.id;
      li.dataset.score = String(r.score);
      li.dataset.rank = String(r.rank);
      var head = el("div", "x-head");
      head.append(el("span", "x-rank", String(r.rank)), el("span", "x-label", r.o.label),
        el("span", "x-score", fmt3(r.score)));
      head.children[1].dir = "auto";
      var bar = el("div", "x-bar");
      bar.setAttribute("role", "img");
      bar.setAttribute("aria-label", "Contributions: " + C.map(function (c, j) {
        return c.label + " " + fmt3(r.parts[j]);
      }).join(", "));
      r.parts.forEach(function (p, j) {
        var seg = el("span");
        seg.style.width = (100 * Math.max(p, 0)) + "%";
        seg.style.background = D.colors[j];
        seg.title = C[j].label + ": " + fmt3(p);
        bar.append(seg);
      });
      li.append(head, bar);
      if (r.out.length) {
        var note = el("p", "x-crossed", "Crosses the red line on: " +
          r.out.map(function (c) { return c.label; }).join(", "));
        note.dir = "auto";
        li.append(note);
      }
      return li;
    }));
    var base = profileSelect.selectedIndex > 0 ? profileSelect.options[profileSelect.selectedIndex].text
      : "model weights";
    var picked = panel.querySelectorAll("input[type=radio][data-outcome]:checked:not([data-outcome=''])");
    status.textContent = "Weights: " + base + (adjusted ? " (adjusted)" : "") + ". Futures: " +
      (picked.length ? Array.from(picked, function (r) { return r.labels[0].textContent; }).join("; ")
        : "as scored") + ".";
  }

  // Show the weights on the sliders (the range input rounds to its step; `weights` keeps them exact).
  function showWeights() {
    sliders.forEach(function (sl, j) { sl.value = String(raw[j]); });
  }

  // The sliders set raw weights over the base: the same as base.with_weights({id: v, …}) in Python
  // (or `--weight id=v` on the command line), however many sliders have moved.
  sliders.forEach(function (sl, j) {
    sl.addEventListener("input", function () {
      var old = raw[j];
      raw[j] = Number(sl.value);
      if (sum(raw) <= 0) { raw[j] = old; sl.value = String(old); return; } // all zero: refused, as in Python
      weights = normalize(raw);
      adjusted = true;
      render();
    });
  });
  // Picking a profile is Model.with_profile; "Model weights" restores the model's own.
  function pickProfile() {
    var p = D.profiles.find(function (q) { return q.id === profileSelect.value; });
    base = p ? normalize(p.weights) : C.map(function (c) { return c.weight; });
    raw = base.slice();
    weights = base;
    adjusted = false;
    showWeights();
    render();
  }
  profileSelect.addEventListener("change", pickProfile);
  panel.addEventListener("change", function (ev) {
    if (ev.target.type === "radio") render();
  });
  redInputs.forEach(function (inp) { inp.addEventListener("input", render); });
  document.getElementById("explore-reset").addEventListener("click", function () {
    profileSelect.value = "";
    panel.querySelectorAll("input[type=radio][data-outcome='']").forEach(function (r) { r.checked = true; });
    redInputs.forEach(function (inp, j) { inp.value = C[j].red_line === null ? "" : String(C[j].red_line); });
    pickProfile();
  });

  // Legend: one colour per criterion, as in the contribution bars.
  var legend = document.getElementById("explore-legend");
  C.forEach(function (c, j) {
    var item = el("li"), swatch = el("i");
    swatch.style.background = D.colors[j];
    item.append(swatch, el("span", "", c.label));
    item.lastChild.dir = "auto";
    legend.append(item);
  });
  panel.hidden = false;
  render();
})();
