// zswap-sim report: draws one run (or two, compared) from the JSON blob in #zs-data.
// Safety rule: data only ever reaches the page through textContent and setAttribute, never as markup.
// Scale rule: only the visible steps and CPUs are drawn, so a 100,000-step run on 128 CPUs stays light.
(function () {
  'use strict';
  var el = zsDom.el, svg = zsDom.svg, markdown = zsDom.markdown, svgText = zsDom.svgText, tip = zsDom.tip;

  var LANE_H = 46;      // one CPU: three context rows, then three lock stripes
  var ROW_H = 11;
  var GUTTER = 74;      // lane names
  var RULER_H = 18;
  var RCU_H = 22;
  var EV_ROW_H = 18;
  var PLAY_MS = 300;
  var KEYFRAME = 32;    // DeltaStrings.KEYFRAME

  function byId(id) { return document.getElementById(id); }



  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  /** Largest i in [0, n) with key(i) <= k, or -1. */
  function lastAtOrBefore(n, key, k) {
    var lo = 0, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (key(mid) <= k) { lo = mid + 1; } else { hi = mid; }
    }
    return lo - 1;
  }

  /** Smallest i in [0, n) with key(i) >= k, or n. */
  function firstAtOrAfter(n, key, k) {
    var lo = 0, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (key(mid) >= k) { hi = mid; } else { lo = mid + 1; }
    }
    return lo;
  }

  function hue(name) {
    var h = 0;
    for (var i = 0; i < name.length; i++) { h = (h * 31 + name.charCodeAt(i)) | 0; }
    return ((h % 360) + 360) % 360;
  }

  function lockColor(name) { return 'hsl(' + hue(name) + ',62%,42%)'; }

  function contextColor(name) {
    if (name.lastIndexOf('task ', 0) === 0) { return '#7aa6da'; }
    if (name.lastIndexOf('softirq ', 0) === 0) { return '#e6a23c'; }
    if (name.lastIndexOf('hardirq ', 0) === 0) { return '#d9534f'; }
    return '#a0a8b0';
  }

  // ---- data --------------------------------------------------------------------------------

  /** Unpacks ReportData's columns and flat tuples into per-CPU lanes of non-overlapping span groups. */
  function decode(raw) {
    var S = raw.s, L = raw.l, ev = raw.ev, meta = raw.meta;
    var n = ev.cpu.length, ncpu = meta.cpus;
    var step = new Int32Array(n);
    var acc = 0, i, c;
    for (i = 0; i < n; i++) { acc += ev.dstep[i]; step[i] = acc; }
    var counts = new Int32Array(ncpu);
    for (i = 0; i < n; i++) { c = ev.cpu[i]; if (c >= 0 && c < ncpu) { counts[c]++; } }
    var byCpu = [], fill = new Int32Array(ncpu);
    for (c = 0; c < ncpu; c++) { byCpu.push(new Int32Array(counts[c])); }
    var rcuEv = [], refsEv = [], steps = [];
    for (i = 0; i < n; i++) {
      c = ev.cpu[i];
      if (c >= 0 && c < ncpu) { byCpu[c][fill[c]++] = i; }
      if (ev.rcu[i] >= 0) { rcuEv.push(i); }
      if (ev.refs[i] >= 0) { refsEv.push(i); }
      if (i === 0 || step[i] !== step[i - 1]) { steps.push(step[i]); }
    }
    var lanes = [];
    for (c = 0; c < ncpu; c++) { lanes.push({ ctx: [], locks: [], masks: [], marks: [] }); }
    function group(list, level) {
      while (list.length <= level) { list.push([]); }
      return list[level];
    }
    function spans(flat, f) {
      for (var j = 0; j < flat.length; j += 5) {
        f(flat[j], flat[j + 1], { n: S[flat[j + 2]], s: flat[j + 3], e: flat[j + 4] });
      }
    }
    spans(raw.spans.ctx, function (cpu, lv, sp) { if (lanes[cpu]) { group(lanes[cpu].ctx, lv).push(sp); } });
    spans(raw.spans.locks, function (cpu, lv, sp) { if (lanes[cpu]) { group(lanes[cpu].locks, lv).push(sp); } });
    spans(raw.spans.masks, function (cpu, lv, sp) { if (lanes[cpu]) { group(lanes[cpu].masks, lv).push(sp); } });
    var gps = [];
    spans(raw.spans.gps, function (cpu, lv, sp) { group(gps, lv).push(sp); });
    var cbs = [];
    for (i = 0; i < raw.cbs.length; i += 7) {
      var f = raw.cbs;
      cbs.push({ id: f[i], fn: S[f[i + 1]], qs: f[i + 2], qc: f[i + 3], gp: f[i + 4], is: f[i + 5], ic: f[i + 6] });
    }
    var marks = [], machineMarks = [];
    for (i = 0; i < raw.marks.length; i += 4) {
      var m = { s: raw.marks[i], c: raw.marks[i + 1], k: S[raw.marks[i + 2]], t: S[raw.marks[i + 3]] };
      marks.push(m);
      if (m.c >= 0 && m.c < ncpu) { lanes[m.c].marks.push(m); } else { machineMarks.push(m); }
    }
    var rcuCache = { k: -1, text: null };
    /** Rebuilds RCU state k from the keyframe before it (see DeltaStrings). */
    function rcuText(k) {
      if (rcuCache.k === k) { return rcuCache.text; }
      var from = rcuCache.k >= 0 && rcuCache.k < k && k - rcuCache.k < KEYFRAME ? rcuCache.k : k - (k % KEYFRAME);
      var text = from === rcuCache.k ? rcuCache.text : raw.rcuStates[from];
      for (var j = from + 1; j <= k; j++) {
        var d = raw.rcuStates[j];
        text = text.slice(0, d[0]) + d[2] + text.slice(text.length - d[1]);
      }
      rcuCache = { k: k, text: text };
      return text;
    }
    return {
      meta: meta, S: S, L: L, ev: ev, n: n, rcuText: rcuText, step: step, ncpu: ncpu, byCpu: byCpu, rcuEv: rcuEv, refsEv: refsEv,
      steps: steps, lanes: lanes, gps: gps, cbs: cbs, marks: marks, machineMarks: machineMarks, lockdep: raw.lockdep,
      list: function (id) { return L[id].map(function (s) { return S[s]; }); }
    };
  }

  /** The step a deadlock happened at: its mark, else the last step. */
  function deadlockStep(run) {
    for (var i = run.marks.length - 1; i >= 0; i--) { if (run.marks[i].k === 'deadlock') { return run.marks[i].s; } }
    return run.meta.steps;
  }

  // ---- shared state: the current step and the visible window of steps ----------------------

  var page = JSON.parse(byId('zs-data').textContent);
  var runs = page.runs.map(decode);
  var compare = page.mode === 'compare';
  var allSteps = mergeSteps(runs);
  var lastStep = Math.max.apply(null, runs.map(function (r) { return r.meta.end - 1; }).concat([allSteps[allSteps.length - 1] || 0]));
  var firstStep = allSteps.length ? allSteps[0] : 0;
  var state = { k: firstStep, start: 0, span: 1, playing: null };
  var views = [];
  var pending = false;

  function mergeSteps(rs) {
    var seen = {}, out = [];
    rs.forEach(function (r) { r.steps.forEach(function (s) { if (!seen[s]) { seen[s] = true; out.push(s); } }); });
    return out.sort(function (a, b) { return a - b; });
  }

  function setStep(k) {
    k = Math.max(Math.min(Math.round(k), lastStep), Math.min(firstStep, 0));
    state.k = k;
    if (k < state.start || k + 1 > state.start + state.span) {
      state.start = clampStart(k - state.span / 2);
    }
    requestRender();
  }

  function clampStart(s) { return Math.max(0, Math.min(s, lastStep + 1 - state.span)); }

  function setSpan(span, anchorStep, anchorFraction) {
    span = Math.max(8, Math.min(span, lastStep + 1));
    state.start = clampStart(anchorStep - span * anchorFraction);
    state.span = span;
    requestRender();
  }

  function nextStep() {
    var i = firstAtOrAfter(allSteps.length, function (j) { return allSteps[j]; }, state.k + 1);
    if (i < allSteps.length) { setStep(allSteps[i]); return true; }
    return false;
  }

  function prevStep() {
    var i = lastAtOrBefore(allSteps.length, function (j) { return allSteps[j]; }, state.k - 1);
    if (i >= 0) { setStep(allSteps[i]); }
  }

  function togglePlay() {
    if (state.playing) {
      clearInterval(state.playing);
      state.playing = null;
    } else {
      state.playing = setInterval(function () { if (!nextStep()) { togglePlay(); } }, PLAY_MS);
    }
    byId('btn-play').textContent = state.playing ? '\u23F8 pause' : '\u25B6 play';
  }

  function requestRender() {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      render();
    });
  }

  function render() {
    var slider = byId('step-slider');
    slider.value = String(state.k);
    byId('step-label').textContent = 'step ' + state.k + ' / ' + lastStep;
    views.forEach(function (v) { v.render(); });
  }

  // ---- header --------------------------------------------------------------------------------


  function header(run, label) {
    var m = run.meta, box = el('div', 'run-head');
    box.appendChild(el(compare ? 'h2' : 'h1', null, (label ? label + ': ' : '') + m.scenario));
    box.appendChild(el('div', 'meta', 'file ' + m.file + ' \u00B7 seed ' + m.seed + ' \u00B7 ' + m.steps + ' steps \u00B7 '
        + m.cpus + ' CPUs'));
    if (m.check) { box.appendChild(el('p', 'check', m.check)); }
    lesson(box, m);
    box.appendChild(el('pre', 'outcome ' + m.outcome, m.outcomeText));
    if (m.outcome === 'deadlock') {
      var go = el('button', 'step-link', 'go to the deadlock (step ' + deadlockStep(run) + ')');
      go.type = 'button';
      go.addEventListener('click', function () { setStep(deadlockStep(run)); });
      box.appendChild(go);
    }
    var d = el('details');
    d.appendChild(el('summary', null, 'schedule (replay with --schedule FILE)'));
    d.appendChild(el('pre', null, m.schedule));
    box.appendChild(d);
    return box;
  }

  /** The question and hints; about: and answer: behind a "show answer" button in student mode. */
  function lesson(box, m) {
    if (m.question.length) {
      var q = el('div', 'question');
      q.appendChild(el('strong', null, 'Question'));
      markdown(q, m.question);
      box.appendChild(q);
    }
    m.hints.forEach(function (h, i) {
      var d = el('details', 'hint');
      d.appendChild(el('summary', null, 'hint ' + (i + 1)));
      markdown(d, h);
      box.appendChild(d);
    });
    var answer = el('div', 'about');
    markdown(answer, m.about);
    if (m.answer.length) {
      answer.appendChild(el('strong', null, 'Answer'));
      markdown(answer, m.answer);
    }
    if (m.student && answer.childNodes.length) {
      answer.hidden = true;
      var show = el('button', 'show-answer', 'show answer');
      show.type = 'button';
      show.addEventListener('click', function () { answer.hidden = false; show.remove(); });
      box.appendChild(show);
    }
    box.appendChild(answer);
  }

  function legend() {
    var items = [['task', '#7aa6da'], ['softirq', '#e6a23c'], ['hardirq', '#d9534f'], ['BH disabled', 'rgba(64,128,255,0.25)'],
      ['hardirqs disabled', 'rgba(255,120,0,0.3)'], ['lock held (colour per lock)', 'hsl(200,62%,42%)'],
      ['RCU grace period', '#5cb85c'], ['call_rcu \u2192 callback', '#8e44ad'], ['current step', '#ffd84d']];
    var box = byId('legend');
    items.forEach(function (it) {
      var s = el('span');
      var sw = el('span', 'sw');
      sw.style.background = it[1];
      s.appendChild(sw);
      s.appendChild(document.createTextNode(it[0]));
      box.appendChild(s);
    });
    box.appendChild(el('span', null, '\u2716 deadlock  \u25B2 spin  ! warn  \u25C6 lockdep  | quiescent state'));
  }

  // ---- timeline ------------------------------------------------------------------------------

  /** One run's swim lanes: an RCU lane with the ruler on top, then one lane per CPU, drawn for the visible window only. */
  function Timeline(run, index, label) {
    var section = el('section', 'timeline');
    if (label) { section.appendChild(el('div', 'caption', label + ': ' + run.meta.scenario + ' (seed ' + run.meta.seed + ')')); }
    var top = svg('svg', { class: 'rcu', height: RULER_H + RCU_H });
    var lanes = el('div', 'lanes');
    var spacer = el('div');
    spacer.style.height = (run.ncpu * LANE_H) + 'px';
    var body = svg('svg', {});
    lanes.appendChild(spacer);
    lanes.appendChild(body);
    section.appendChild(top);
    section.appendChild(lanes);
    var arrowId = 'arrow-' + index;

    function width() { return Math.max(300, lanes.clientWidth); }
    function plotW(w) { return w - GUTTER - 4; }
    function x(stepValue, w) { return GUTTER + (stepValue - state.start) * plotW(w) / state.span; }
    function stepAt(px, w) { return Math.floor(state.start + (px - GUTTER) * state.span / plotW(w)); }

    function sizeLanes() {
      var h = Math.min(run.ncpu * LANE_H, Math.max(160, Math.floor(window.innerHeight * 0.55)));
      lanes.style.height = (h + 2) + 'px';
    }

    /** Draws the spans of one group that overlap the window, merging those closer than a pixel; only bars a row high get a label. */
    function drawGroup(parent, group, w, y, h, colorOf, labelOf) {
      if (!group || !group.length) { return; }
      var lo = state.start, hi = state.start + state.span, left = GUTTER - 2, right = w + 2;
      var i = firstAtOrAfter(group.length, function (j) { return group[j].e > lo ? 1 : 0; }, 1);
      var cur = null;
      function flush() {
        var r = svg('rect', { x: cur.x0, y: y, width: Math.max(1, cur.x1 - cur.x0), height: h, fill: cur.color }, parent);
        if (cur.count === 1) {
          var sp = cur.sp;
          tip(r, labelOf(sp) + '  [step ' + sp.s + ', ' + sp.e + ')');
          if (cur.x1 - cur.x0 > 34 && h >= 9 && h <= ROW_H) {
            var room = Math.floor((cur.x1 - cur.x0 - 6) / 6.1);
            var text = labelOf(sp);
            svgText(parent, cur.x0 + 3, y + h - 2, text.length > room ? text.slice(0, Math.max(1, room - 1)) + '\u2026' : text);
          }
        } else {
          tip(r, cur.count + ' spans, zoom in for detail');
        }
      }
      for (; i < group.length && group[i].s < hi; i++) {
        var sp = group[i];
        var x0 = Math.max(left, x(sp.s, w)), x1 = Math.min(right, Math.max(x(sp.e, w), x0 + 1));
        var color = colorOf(sp);
        if (cur && x0 - cur.x1 < 1 && cur.color === color) {
          cur.x1 = Math.max(cur.x1, x1);
          cur.count++;
          continue;
        }
        if (cur) { flush(); }
        cur = { x0: x0, x1: x1, sp: sp, color: color, count: 1 };
      }
      if (cur) { flush(); }
    }

    function drawMarks(parent, marks, w, y0, h) {
      var lo = Math.floor(state.start), hi = state.start + state.span, lastX = {};
      var i = firstAtOrAfter(marks.length, function (j) { return marks[j].s; }, lo);
      for (; i < marks.length && marks[i].s < hi; i++) {
        var m = marks[i];
        var cx = x(m.s + 0.5, w);
        if (lastX[m.k] !== undefined && cx - lastX[m.k] < 3) { continue; }
        lastX[m.k] = cx;
        var g = svg('g', { class: 'clickable' }, parent);
        if (m.k === 'deadlock') {
          svg('line', { x1: cx, x2: cx, y1: y0, y2: y0 + h, stroke: '#b42318', 'stroke-width': 2 }, g);
          var t = svgText(g, cx - 5, y0 + 12, '\u2716');
          t.setAttribute('style', 'fill:#b42318;font-size:13px');
        } else if (m.k === 'spin') {
          svg('path', { d: 'M' + (cx - 4) + ' ' + (y0 + h - 12) + 'l4 -7l4 7z', fill: '#b42318' }, g);
        } else if (m.k === 'warn') {
          var wt = svgText(g, cx - 3, y0 + 20, '!');
          wt.setAttribute('style', 'fill:#d35400;font-size:14px;font-weight:700');
        } else if (m.k === 'lockdep') {
          svg('path', { d: 'M' + cx + ' ' + (y0 + 1) + 'l5 5l-5 5l-5 -5z', fill: '#8e44ad' }, g);
        } else if (m.k === 'qs') {
          svg('line', { x1: cx, x2: cx, y1: y0 + h - 6, y2: y0 + h, stroke: '#2e7d32', 'stroke-width': 2 }, g);
        }
        tip(g, m.k + ' at step ' + m.s + ': ' + m.t);
      }
    }

    function drawCursor(parent, w, h) {
      var x0 = x(state.k, w), x1 = x(state.k + 1, w);
      svg('rect', { x: x0, y: 0, width: Math.max(2, x1 - x0), height: h, fill: 'rgba(255,216,77,0.35)', stroke: '#c98a00',
        'stroke-width': 1, class: 'cursor' }, parent);
    }

    function drawRuler(parent, w) {
      var pxPerStep = plotW(w) / state.span, every = 1;
      var nice = [1, 2, 5];
      for (var p = 1, found = false; !found; p *= 10) {
        for (var j = 0; j < nice.length; j++) {
          if (nice[j] * p * pxPerStep >= 64) { every = nice[j] * p; found = true; break; }
        }
      }
      var first = Math.ceil(state.start / every) * every;
      for (var s = first; s <= state.start + state.span; s += every) {
        var sx = x(s, w);
        svg('line', { x1: sx, x2: sx, y1: RULER_H - 5, y2: RULER_H, stroke: '#8b949e' }, parent);
        svgText(parent, sx + 2, RULER_H - 7, String(s));
      }
      svgText(parent, 4, RULER_H - 7, 'step', 'lane');
    }

    function renderTop(w) {
      clear(top);
      top.setAttribute('width', w);
      drawRuler(top, w);
      svg('rect', { x: 0, y: RULER_H, width: w, height: RCU_H, fill: '#f4f9f4' }, top);
      svgText(top, 4, RULER_H + 14, 'rcu', 'lane');
      run.gps.forEach(function (group, lv) {
        drawGroup(top, group, w, RULER_H + 3 + lv * 6, RCU_H - 6 - lv * 6, function () { return '#5cb85c'; },
          function (sp) { return sp.n; });
      });
      drawMarks(top, run.machineMarks, w, RULER_H, RCU_H);
      drawCursor(top, w, RULER_H + RCU_H);
    }

    function renderLane(c, y0, w) {
      var lane = run.lanes[c];
      svg('rect', { x: 0, y: y0, width: w, height: LANE_H, fill: c % 2 ? '#fafbfc' : '#ffffff' }, body);
      svg('line', { x1: 0, x2: w, y1: y0 + LANE_H - 0.5, y2: y0 + LANE_H - 0.5, stroke: '#eef1f4' }, body);
      svgText(body, 4, y0 + 14, 'CPU' + c, 'lane');
      drawGroup(body, lane.masks[0], w, y0 + 1, LANE_H - 2, function () { return 'rgba(64,128,255,0.16)'; },
        function (sp) { return sp.n; });
      drawGroup(body, lane.masks[1], w, y0 + 1, LANE_H - 2, function () { return 'rgba(255,120,0,0.2)'; },
        function (sp) { return sp.n; });
      lane.ctx.forEach(function (group, depth) {
        var d = Math.min(depth, 2);
        drawGroup(body, group, w, y0 + 2 + d * ROW_H, ROW_H - 1, function (sp) { return contextColor(sp.n); },
          function (sp) { return sp.n; });
      });
      lane.locks.forEach(function (group, stripe) {
        var s = Math.min(stripe, 2);
        drawGroup(body, group, w, y0 + 3 + 3 * ROW_H + s * 3, 2.5, function (sp) { return lockColor(sp.n); },
          function (sp) { return sp.n + ' held'; });
      });
      drawMarks(body, lane.marks, w, y0, LANE_H);
    }

    /** call_rcu() to its callback: an arrow between the two lanes, drawn when the window shows part of it. */
    function renderCallbacks(w) {
      var lo = state.start, hi = state.start + state.span;
      var scroll = lanes.scrollTop;
      run.cbs.forEach(function (cb) {
        var end = cb.is >= 0 ? cb.is : cb.qs;
        if (end + 1 < lo || cb.qs > hi) { return; }
        var x1 = x(cb.qs + 0.5, w), y1 = cb.qc * LANE_H - scroll + 8;
        var g = svg('g', { class: 'clickable' }, body);
        if (cb.is < 0) {
          svg('circle', { cx: x1, cy: y1, r: 4, fill: 'none', stroke: '#8e44ad', 'stroke-width': 1.5 }, g);
          tip(g, 'call_rcu #' + cb.id + ' ' + cb.fn + ' queued at step ' + cb.qs + ' for grace period ' + cb.gp + ', never invoked');
          return;
        }
        var x2 = x(cb.is + 0.5, w), y2 = cb.ic * LANE_H - scroll + 8;
        // Bend below the context rows, into the lane's own space, so that CPU0's arrows are not clipped.
        var bend = Math.max(18, Math.min(60, (x2 - x1) / 3)), sag = Math.max(y1, y2) + 24;
        svg('path', { d: 'M' + x1 + ' ' + y1 + ' C' + (x1 + bend) + ' ' + sag + ' ' + (x2 - bend) + ' ' + sag + ' '
          + x2 + ' ' + y2, fill: 'none', stroke: '#8e44ad', 'stroke-width': 1.6, 'marker-end': 'url(#' + arrowId + ')' }, g);
        svg('circle', { cx: x1, cy: y1, r: 2.5, fill: '#8e44ad' }, g);
        tip(g, 'call_rcu #' + cb.id + ' ' + cb.fn + ' (step ' + cb.qs + ', CPU' + cb.qc + ', grace period ' + cb.gp
          + ') \u2192 invoked at step ' + cb.is + ' on CPU' + cb.ic);
        g.addEventListener('click', function (e) { e.stopPropagation(); setStep(cb.is); });
      });
    }

    function renderBody(w) {
      clear(body);
      var h = lanes.clientHeight, scroll = lanes.scrollTop;
      body.setAttribute('width', w);
      body.setAttribute('height', h);
      body.style.top = scroll + 'px';
      var defs = svg('defs', {}, body);
      var marker = svg('marker', { id: arrowId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7,
        orient: 'auto-start-reverse' }, defs);
      svg('path', { d: 'M0 0L10 5L0 10z', fill: '#8e44ad' }, marker);
      var firstLane = Math.max(0, Math.floor(scroll / LANE_H));
      var lastLane = Math.min(run.ncpu - 1, Math.floor((scroll + h) / LANE_H));
      for (var c = firstLane; c <= lastLane; c++) { renderLane(c, c * LANE_H - scroll, w); }
      renderCallbacks(w);
      drawCursor(body, w, h);
    }

    function onClick(e, node) {
      var rect = node.getBoundingClientRect();
      var px = e.clientX - rect.left;
      if (px > GUTTER) { setStep(stepAt(px, width())); }
    }

    function onWheel(e) {
      var w = width(), rect = lanes.getBoundingClientRect();
      var frac = Math.min(1, Math.max(0, (e.clientX - rect.left - GUTTER) / plotW(w)));
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        setSpan(state.span * (e.deltaY > 0 ? 1.25 : 0.8), state.start + frac * state.span, frac);
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        var d = (e.shiftKey ? e.deltaY : e.deltaX) * state.span / plotW(w);
        state.start = clampStart(state.start + d);
        requestRender();
      }
    }

    lanes.addEventListener('scroll', requestRender);
    lanes.addEventListener('wheel', onWheel, { passive: false });
    top.addEventListener('wheel', onWheel, { passive: false });
    body.addEventListener('click', function (e) { onClick(e, body); });
    top.addEventListener('click', function (e) { onClick(e, top); });

    return {
      node: section,
      width: width,
      render: function () {
        sizeLanes();
        var w = width();
        renderTop(w);
        renderBody(w);
      }
    };
  }

  // ---- panels --------------------------------------------------------------------------------

  function panel(title) {
    var p = el('div', 'panel');
    p.appendChild(el('h2', null, title));
    return p;
  }

  function stepLink(s, text) {
    var b = el('button', 'step-link', text || 'step ' + s);
    b.type = 'button';
    b.addEventListener('click', function () { setStep(s); });
    return b;
  }

  /** What happened at step k, event by event. */
  function StepDetails(run) {
    var p = panel('At this step');
    var box = el('div');
    p.appendChild(box);
    return {
      node: p,
      render: function () {
        clear(box);
        var k = state.k, step = run.step, ev = run.ev, S = run.S;
        var i = firstAtOrAfter(run.n, function (j) { return step[j]; }, k);
        if (i >= run.n || step[i] !== k) {
          box.appendChild(el('div', 'muted', 'Nothing happened at step ' + k + ' in this run; every CPU keeps its state.'));
          return;
        }
        for (; i < run.n && step[i] === k; i++) {
          var kind = S[ev.kind[i]];
          var d = el('div', 'ev-at' + (kind === 'deadlock' ? ' deadlock' : ''));
          var who = ev.cpu[i] < 0 ? 'rcu' : 'CPU' + ev.cpu[i] + ' \u00B7 ' + S[ev.ctx[i]];
          d.appendChild(el('div', 'sub', who + ' \u00B7 ' + kind));
          d.appendChild(el('div', 'what mono', S[ev.text[i]]));
          var changes = run.list(ev.changes[i]);
          if (changes.length) { d.appendChild(el('div', 'sub', 'changes: ' + changes.join('; '))); }
          var chain = run.list(ev.chain[i]);
          if (chain.length) { d.appendChild(el('div', 'sub', 'call chain: ' + chain.join(' \u2190 '))); }
          if (S[ev.where[i]]) { d.appendChild(el('div', 'sub', 'at ' + S[ev.where[i]])); }
          box.appendChild(d);
        }
      }
    };
  }

  /** Every CPU's state after step k, carried forward from its last event; RCU and refcounts likewise. */
  function MachineState(run) {
    var p = panel('Machine state after this step');
    var wrap = el('div', 'cpus');
    var table = el('table');
    var head = el('tr');
    ['CPU', 'contexts and flags', 'locks held'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(head);
    var rows = [];
    for (var c = 0; c < run.ncpu; c++) {
      var tr = el('tr');
      tr.appendChild(el('td', null, 'CPU' + c));
      var st = el('td', 'cpu-state');
      var held = el('td', 'held');
      tr.appendChild(st);
      tr.appendChild(held);
      table.appendChild(tr);
      rows.push({ tr: tr, st: st, held: held });
    }
    wrap.appendChild(table);
    p.appendChild(wrap);
    p.appendChild(el('h3', null, 'RCU'));
    var rcu = el('div', 'rcu-state mono');
    p.appendChild(rcu);
    p.appendChild(el('h3', null, 'Refcounts'));
    var refs = el('div', 'rcu-state mono');
    p.appendChild(refs);

    function last(list, k) {
      var step = run.step;
      return lastAtOrBefore(list.length, function (j) { return step[list[j]]; }, k);
    }

    return {
      node: p,
      render: function () {
        var k = state.k, ev = run.ev, S = run.S;
        rows.forEach(function (r, c) {
          var list = run.byCpu[c], j = last(list, k);
          if (j < 0) {
            r.st.textContent = '(no event yet)';
            r.held.textContent = '';
            r.tr.className = '';
            return;
          }
          var i = list[j];
          r.st.textContent = S[ev.state[i]];
          r.held.textContent = run.list(ev.held[i]).join(', ') || '\u2014';
          r.tr.className = run.step[i] === k ? 'chg' : '';
        });
        var ri = last(run.rcuEv, k);
        rcu.textContent = ri >= 0 ? run.rcuText(ev.rcu[run.rcuEv[ri]]) : '\u2014';
        var fi = last(run.refsEv, k);
        refs.textContent = fi >= 0 ? run.list(ev.refs[run.refsEv[fi]]).join('\n') : '\u2014';
      }
    };
  }

  /** The event listing, one row per event; only the rows in view exist. */
  function EventList(run) {
    var p = panel('Events');
    var box = el('div', 'evlist');
    var spacer = el('div');
    spacer.style.height = (run.n * EV_ROW_H) + 'px';
    var rows = el('div', 'evrows');
    box.appendChild(spacer);
    box.appendChild(rows);
    p.appendChild(box);
    var followed = null;

    function draw() {
      clear(rows);
      var ev = run.ev, S = run.S, step = run.step;
      var first = Math.max(0, Math.floor(box.scrollTop / EV_ROW_H));
      var count = Math.ceil(box.clientHeight / EV_ROW_H) + 1;
      rows.style.top = (first * EV_ROW_H) + 'px';
      for (var i = first; i < Math.min(run.n, first + count); i++) {
        var kind = S[ev.kind[i]];
        var row = el('div', 'evrow k-' + kind + (step[i] === state.k ? ' cur' : ''));
        row.appendChild(el('span', 'st', step[i]));
        row.appendChild(el('span', 'cp', ev.cpu[i] < 0 ? 'rcu' : 'CPU' + ev.cpu[i]));
        var cx = el('span', 'cx', (ev.depth[i] > 0 ? '\u2514 ' : '') + S[ev.ctx[i]]);
        cx.style.paddingLeft = (ev.depth[i] * 1.5) + 'ch';
        row.appendChild(cx);
        row.appendChild(el('span', 'tx', S[ev.text[i]]));
        var changes = run.list(ev.changes[i]);
        if (changes.length) { row.appendChild(el('span', 'ch', '[' + changes.join('; ') + ']')); }
        row.dataset.step = String(step[i]);
        row.addEventListener('click', onRow);
        rows.appendChild(row);
      }
    }

    function onRow(e) { setStep(Number(e.currentTarget.dataset.step)); }

    box.addEventListener('scroll', draw);
    return {
      node: p,
      render: function () {
        if (followed !== state.k) {
          followed = state.k;
          var step = run.step;
          var i = firstAtOrAfter(run.n, function (j) { return step[j]; }, state.k);
          i = Math.min(i, run.n - 1);
          var top = i * EV_ROW_H;
          if (top < box.scrollTop || top + EV_ROW_H > box.scrollTop + box.clientHeight) {
            box.scrollTop = Math.max(0, top - box.clientHeight / 3);
          }
        }
        draw();
      }
    };
  }

  /** Lockdep's reports, each class's usage bits (click to go to the step) and the observed lock order. */
  function LockdepPanel(run) {
    var p = panel('Lockdep');
    var ld = run.lockdep;
    if (!ld.reports.length) { p.appendChild(el('div', 'muted', 'lockdep: no report in this run')); }
    ld.reports.forEach(function (r) {
      var h = el('h3', null, 'lockdep report (' + r.kind + ') on ' + r.lock + ' ');
      h.appendChild(stepLink(r.step));
      p.appendChild(h);
      p.appendChild(el('pre', 'splat', r.text.join('\n')));
    });
    p.appendChild(el('h3', null, 'Lock classes and when each usage bit was set'));
    var t = el('table');
    var head = el('tr');
    ['class', 'usage', 'bit', 'set at'].forEach(function (x) { head.appendChild(el('th', null, x)); });
    t.appendChild(head);
    ld.classes.forEach(function (c) {
      var bits = c.bits.length ? c.bits : [['\u2014', -1]];
      bits.forEach(function (b, i) {
        var tr = el('tr');
        tr.appendChild(el('td', 'mono', i === 0 ? c.name : ''));
        tr.appendChild(el('td', 'mono', i === 0 ? c.usage : ''));
        tr.appendChild(el('td', 'mono', b[0]));
        var td = el('td');
        if (b[1] >= 0) { td.appendChild(stepLink(b[1])); }
        tr.appendChild(td);
        t.appendChild(tr);
      });
    });
    if (!ld.classes.length) { p.appendChild(el('div', 'muted', 'no lock class was used')); } else { p.appendChild(t); }
    p.appendChild(el('h3', null, 'Lock order seen in this run (held \u2192 taken, by class)'));
    p.appendChild(lockGraph(run));
    return { node: p, render: function () {} };
  }

  function lockGraph(run) {
    var ld = run.lockdep, names = [], index = {};
    function add(n) { if (!(n in index)) { index[n] = names.length; names.push(n); } }
    ld.classes.forEach(function (c) { add(c.name); });
    ld.edges.forEach(function (e) { add(e[0]); add(e[1]); });
    if (!ld.edges.length) { return el('div', 'muted', 'no lock was taken while another was held'); }
    if (names.length > 24) {
      var t = el('table');
      ld.edges.forEach(function (e) {
        var tr = el('tr');
        tr.appendChild(el('td', 'mono', e[0] + ' \u2192 ' + e[1]));
        tr.appendChild(el('td', null, e[3] + '\u00D7'));
        var td = el('td');
        td.appendChild(stepLink(e[2], 'first at step ' + e[2]));
        tr.appendChild(td);
        t.appendChild(tr);
      });
      return t;
    }
    var reported = {};
    ld.reports.forEach(function (r) { reported[r.lock] = true; });
    var W = 600, H = Math.min(600, 160 + names.length * 28), cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 60;
    var g = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H });
    var id = 'dep-arrow-' + Math.random().toString(36).slice(2);
    var m = svg('marker', { id: id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8,
      orient: 'auto-start-reverse' }, svg('defs', {}, g));
    svg('path', { d: 'M0 0L10 5L0 10z', fill: '#57606a' }, m);
    var pos = names.map(function (n, i) {
      var a = -Math.PI / 2 + 2 * Math.PI * i / names.length;
      return { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a) };
    });
    ld.edges.forEach(function (e) {
      var a = pos[index[e[0]]], b = pos[index[e[1]]];
      var dx = b.x - a.x, dy = b.y - a.y, len = Math.max(1, Math.sqrt(dx * dx + dy * dy));
      var line = svg('line', { x1: a.x + dx * 8 / len, y1: a.y + dy * 8 / len, x2: b.x - dx * 10 / len, y2: b.y - dy * 10 / len,
        stroke: '#57606a', 'stroke-width': 1.5, 'marker-end': 'url(#' + id + ')', class: 'clickable' }, g);
      tip(line, e[0] + ' \u2192 ' + e[1] + ': first at step ' + e[2] + ', ' + e[3] + ' times');
      line.addEventListener('click', function () { setStep(e[2]); });
    });
    names.forEach(function (n, i) {
      svg('circle', { cx: pos[i].x, cy: pos[i].y, r: 7, fill: reported[n] ? '#d9534f' : '#7aa6da', stroke: '#1d232a' }, g);
      var anchorLeft = pos[i].x < cx - 1;
      var t = svgText(g, pos[i].x + (anchorLeft ? -10 : 10), pos[i].y + 4, n);
      t.setAttribute('text-anchor', anchorLeft ? 'end' : 'start');
    });
    return g;
  }

  // ---- wiring --------------------------------------------------------------------------------

  function build() {
    var head = byId('head'), main = byId('main');
    if (compare) { head.className = 'compare'; }
    var labels = compare ? ['A', 'B'] : [null];
    runs.forEach(function (run, i) { head.appendChild(header(run, labels[i])); });
    legend();
    var timelines = runs.map(function (run, i) { return Timeline(run, i, labels[i]); });
    timelines.forEach(function (t) { main.appendChild(t.node); views.push(t); });
    var columns = runs.map(function (run, i) {
      var col = el('div');
      if (labels[i]) { col.appendChild(el('h2', null, labels[i] + ': seed ' + run.meta.seed + ', ' + run.meta.file)); }
      [StepDetails(run), MachineState(run), EventList(run), LockdepPanel(run)].forEach(function (v) {
        col.appendChild(v.node);
        views.push(v);
      });
      return col;
    });
    var grid = el('div', 'grid');
    if (compare) {
      columns.forEach(function (c) { grid.appendChild(c); });
    } else {
      // One run: details and state on the left, the listing on the right, lockdep below.
      var col = columns[0], left = el('div'), right = el('div');
      var parts = Array.prototype.slice.call(col.children);
      left.appendChild(parts[0]);
      left.appendChild(parts[1]);
      right.appendChild(parts[2]);
      right.appendChild(parts[3]);
      grid.appendChild(left);
      grid.appendChild(right);
    }
    main.appendChild(grid);

    var slider = byId('step-slider');
    slider.min = String(Math.min(firstStep, 0));
    slider.max = String(lastStep);
    slider.addEventListener('input', function () { setStep(Number(slider.value)); });
    byId('btn-next').addEventListener('click', nextStep);
    byId('btn-prev').addEventListener('click', prevStep);
    byId('btn-play').addEventListener('click', togglePlay);
    byId('btn-first').addEventListener('click', function () { setStep(firstStep); });
    byId('btn-last').addEventListener('click', function () { setStep(lastStep); });
    byId('btn-zoom-in').addEventListener('click', function () { setSpan(state.span / 2, state.k + 0.5, 0.5); });
    byId('btn-zoom-out').addEventListener('click', function () { setSpan(state.span * 2, state.k + 0.5, 0.5); });
    byId('btn-zoom-all').addEventListener('click', function () { setSpan(lastStep + 1, 0, 0); });
    document.addEventListener('keydown', function (e) {
      var tag = e.target && e.target.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || e.altKey || e.ctrlKey || e.metaKey) { return; }
      if (e.key === 'ArrowRight') { nextStep(); } else if (e.key === 'ArrowLeft') { prevStep(); } else if (e.key === 'Home') {
        setStep(firstStep);
      } else if (e.key === 'End') { setStep(lastStep); } else if (e.key === 'p') { togglePlay(); } else { return; }
      e.preventDefault();
    });
    window.addEventListener('resize', requestRender);

    // About 14 px per step to start with, or the whole run when it fits.
    var w = timelines[0].width() - GUTTER;
    state.span = Math.max(8, Math.min(lastStep + 1, Math.floor(w / 14)));
    state.start = clampStart(state.k - state.span / 2);
    render();
  }

  try {
    build();
  } catch (err) {
    var box = el('p', 'error', 'The report could not be drawn: ' + err);
    document.body.insertBefore(box, document.body.firstChild);
    throw err;
  }
}());
