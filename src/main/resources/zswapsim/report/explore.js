// zswap-sim explore report: draws the statistics of seeded runs from the JSON blob in #zs-data.
// Safety rule: data only ever reaches the page through textContent and setAttribute, never as markup.
(function () {
  'use strict';
  var el = zsDom.el, svg = zsDom.svg, markdown = zsDom.markdown, svgText = zsDom.svgText, tip = zsDom.tip;

  var RED = '#b42318';
  var GREY = '#b8c0c8';

  function byId(id) { return document.getElementById(id); }




  // ---- numbers, formatted as the text output of explore formats them ------------------------

  function pct(x) { return (100 * x).toFixed(2) + '%'; }
  function num(x) { return x === null ? '-' : x.toFixed(1); }
  // steps_to_deadlock is null when no run deadlocked.
  function stepsStat(st, k) { return num(st.steps_to_deadlock ? st.steps_to_deadlock[k] : null); }
  function rateText(st) { return pct(st.deadlock_rate) + ' [' + pct(st.deadlock_ci95[0]) + ', ' + pct(st.deadlock_ci95[1]) + ']'; }
  function baseName(file) { return String(file).split('/').pop(); }

  /** The smallest of 1, 2, 5, 10, 20, ... times 10^k that is at least x (x > 0). */
  function niceUp(x) {
    var p = Math.pow(10, Math.floor(Math.log(x) / Math.LN10));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= x * (1 - 1e-9)) { return steps[i] * p; } }
    return 10 * p;
  }

  /** Round tick values from lo to hi, about n of them, with a step of at least minStep. */
  function ticks(lo, hi, n, minStep) {
    var step = Math.max(minStep || 0, niceUp((hi - lo) / n || 1));
    var out = [];
    for (var v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) { out.push(Math.round(v * 1e6) / 1e6); }
    return out;
  }

  var page = JSON.parse(byId('zs-data').textContent);
  var cols = page.columns;
  var gridColumns = 'repeat(' + cols.length + ', minmax(0, 1fr))';

  // ---- header --------------------------------------------------------------------------------

  function header() {
    var head = byId('head');
    var st0 = cols.length ? cols[0].stats : null;
    head.appendChild(el('h1', null, 'zswap-sim explore: ' + cols.map(function (c) { return baseName(c.file); }).join(' vs ')));
    if (st0) {
      head.appendChild(el('div', 'meta', st0.runs + ' seeded runs per scenario, seeds ' + st0.first_seed + '..' + st0.last_seed));
    }
    var heads = el('div', 'heads');
    heads.style.gridTemplateColumns = gridColumns;
    cols.forEach(function (c) {
      var box = el('div', 'run-head');
      box.appendChild(el('h2', null, c.scenario));
      box.appendChild(el('div', 'meta', 'file ' + c.file));
      var about = el('div', 'about');
      markdown(about, c.about);
      box.appendChild(about);
      heads.appendChild(box);
    });
    head.appendChild(heads);
  }

  // ---- statistics table ----------------------------------------------------------------------

  function statsTable() {
    var rows = [
      ['runs', function (st) { return st.runs; }],
      ['seeds', function (st) { return st.first_seed + '..' + st.last_seed; }],
      ['deadlock rate (95% CI)', rateText],
      ['deadlocked runs', function (st) { return st.deadlocks; }],
      ['lockdep report rate', function (st) { return pct(st.lockdep_rate) + ' (' + st.lockdep_runs + ' runs)'; }],
      ['lockdep kinds (runs)', function (st) {
        var kinds = Object.keys(st.lockdep_kinds);
        return kinds.length ? kinds.map(function (k) { return k + ' (' + st.lockdep_kinds[k] + ')'; }).join(', ') : '-';
      }],
      ['steps to deadlock mean', function (st) { return stepsStat(st, 'mean'); }],
      ['steps to deadlock median', function (st) { return stepsStat(st, 'median'); }],
      ['steps to deadlock p95', function (st) { return stepsStat(st, 'p95'); }],
      ['first deadlocking seed', function (st) { return st.first_deadlock_seed === null ? '-' : st.first_deadlock_seed; }],
      ['runs cut by --max-steps', function (st) { return st.step_limit_runs; }]
    ];
    var table = byId('stats');
    var tr = el('tr');
    tr.appendChild(el('th'));
    cols.forEach(function (c) {
      var th = el('th', null, baseName(c.file));
      th.title = c.scenario;
      tr.appendChild(th);
    });
    table.appendChild(tr);
    rows.forEach(function (row) {
      var r = el('tr');
      r.appendChild(el('td', null, row[0]));
      cols.forEach(function (c) { r.appendChild(el('td', null, row[1](c.stats))); });
      table.appendChild(r);
    });
  }

  // ---- deadlock rates on one shared axis -----------------------------------------------------

  function ratePlot() {
    var W = 760, LEFT = 200, RIGHT = 170, ROW = 30, TOP = 8, AXIS = 34;
    var plotW = W - LEFT - RIGHT;
    var H = TOP + ROW * cols.length + AXIS;
    var top = Math.max.apply(null, cols.map(function (c) { return c.stats.deadlock_ci95[1]; }).concat([0.001]));
    var xMax = niceUp(top);
    function x(v) { return LEFT + v / xMax * plotW; }
    var root = byId('rates');
    root.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    root.setAttribute('width', W);
    root.setAttribute('height', H);
    var axisY = TOP + ROW * cols.length;
    ticks(0, xMax, 5).forEach(function (v) {
      svg('line', { x1: x(v), x2: x(v), y1: TOP, y2: axisY, class: 'gridline' }, root);
      svg('line', { x1: x(v), x2: x(v), y1: axisY, y2: axisY + 4, class: 'axis' }, root);
      svgText(root, x(v), axisY + 15, (100 * v).toFixed(xMax < 0.05 ? 1 : 0) + '%', 'tick', 'middle');
    });
    svg('line', { x1: LEFT, x2: LEFT + plotW, y1: axisY, y2: axisY, class: 'axis' }, root);
    svgText(root, LEFT + plotW / 2, axisY + 29, 'deadlock rate (runs that deadlocked / runs)', null, 'middle');
    cols.forEach(function (c, i) {
      var st = c.stats, mid = TOP + ROW * i + ROW / 2;
      svgText(root, LEFT - 8, mid + 4, baseName(c.file), 'title', 'end');
      var bar = svg('rect', { x: LEFT, y: mid - 7, width: Math.max(0, x(st.deadlock_rate) - LEFT), height: 14,
        fill: RED, 'fill-opacity': 0.55 }, root);
      tip(bar, c.scenario + ': ' + st.deadlocks + ' of ' + st.runs + ' runs deadlocked, ' + rateText(st));
      var lo = x(st.deadlock_ci95[0]), hi = x(st.deadlock_ci95[1]);
      svg('line', { x1: lo, x2: hi, y1: mid, y2: mid, stroke: '#1d232a', 'stroke-width': 1.5 }, root);
      svg('line', { x1: lo, x2: lo, y1: mid - 6, y2: mid + 6, stroke: '#1d232a', 'stroke-width': 1.5 }, root);
      svg('line', { x1: hi, x2: hi, y1: mid - 6, y2: mid + 6, stroke: '#1d232a', 'stroke-width': 1.5 }, root);
      svgText(root, LEFT + plotW + 8, mid + 4, rateText(st), null, 'start');
    });
  }

  // ---- histograms: steps to deadlock, and (grey) the steps of completed runs -----------------

  function histogram(c) {
    var W = 520, LEFT = 46, RIGHT = 12, TOP = 8, BAND_D = 130, GAP = 26, BAND_C = 60, AXIS = 34;
    var b = page.bins, plotW = W - LEFT - RIGHT;
    var H = TOP + BAND_D + GAP + BAND_C + AXIS;
    var root = svg('svg', { class: 'plot', viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img' });
    root.setAttribute('aria-label', 'histogram of steps per run for ' + c.file);
    var lo = b.start, hi = b.start + b.count * b.width;
    function x(step) { return LEFT + (step - lo) / (hi - lo) * plotW; }

    /** One band: counts as bars from the band's baseline, with its own count axis (a short band labels 0 and its top only). */
    function band(y0, h, counts, color, title) {
      var max = Math.max.apply(null, counts.concat([0]));
      var total = counts.reduce(function (a, n) { return a + n; }, 0);
      svgText(root, LEFT + 4, y0 + 11, title + ' (' + total + ')', 'title', 'start');
      svg('line', { x1: LEFT, x2: LEFT, y1: y0, y2: y0 + h, class: 'axis' }, root);
      svg('line', { x1: LEFT, x2: LEFT + plotW, y1: y0 + h, y2: y0 + h, class: 'axis' }, root);
      if (max === 0) {
        svgText(root, LEFT + plotW / 2, y0 + h / 2 + 4, 'none', 'tick', 'middle');
        return;
      }
      var step = Math.max(1, niceUp(max / 3)), yMax = Math.ceil(max / step) * step;
      (h < 100 ? [0, yMax] : ticks(0, yMax, 3, step)).forEach(function (v) {
        var y = y0 + h - v / yMax * (h - 16);
        if (v > 0) { svg('line', { x1: LEFT, x2: LEFT + plotW, y1: y, y2: y, class: 'gridline' }, root); }
        svgText(root, LEFT - 5, y + 3, v, 'tick', 'end');
      });
      counts.forEach(function (n, i) {
        if (n === 0) { return; }
        var s = lo + i * b.width, bh = n / yMax * (h - 16);
        var r = svg('rect', { x: x(s) + 0.5, y: y0 + h - bh, width: Math.max(1, x(s + b.width) - x(s) - 1), height: bh,
          fill: color }, root);
        tip(r, n + ' runs with ' + (b.width === 1 ? s : s + '-' + (s + b.width - 1)) + ' steps');
      });
    }

    if (b.count === 0) {
      svgText(root, W / 2, H / 2, 'no deadlocked or completed run to plot', 'tick', 'middle');
    } else {
      band(TOP, BAND_D, c.hist.deadlock, RED, 'deadlocking runs: steps to deadlock');
      band(TOP + BAND_D + GAP, BAND_C, c.hist.completed, GREY, 'completed runs: steps');
      var axisY = TOP + BAND_D + GAP + BAND_C;
      ticks(lo, hi, 6, 1).forEach(function (v) {
        svg('line', { x1: x(v), x2: x(v), y1: axisY, y2: axisY + 4, class: 'axis' }, root);
        svgText(root, x(v), axisY + 15, v, 'tick', 'middle');
      });
      svgText(root, LEFT + plotW / 2, axisY + 29, 'steps', null, 'middle');
    }
    var box = el('div');
    box.appendChild(el('h3', null, baseName(c.file)));
    box.appendChild(root);
    if (c.stats.step_limit_runs > 0) {
      box.appendChild(el('p', 'muted', c.stats.step_limit_runs + ' runs cut by --max-steps at step ' + c.step_limit
          + ' are not plotted.'));
    }
    return box;
  }

  // ---- the first deadlocking seeds, each with the command that replays it --------------------

  function seedList(c) {
    var box = el('div');
    var n = c.stats.deadlocks;
    box.appendChild(el('h3', null, baseName(c.file) + ': ' + (n === 0 ? 'no run deadlocked'
        : (n > c.seeds.length ? 'the first ' + c.seeds.length + ' of ' + n : n) + ' deadlocking seeds')));
    if (c.seeds.length === 0) { return box; }
    var scroll = el('div', 'scroll');
    var table = el('table', 'seeds');
    var head = el('tr');
    ['seed', 'steps', 'deadlock', 'replay'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    table.appendChild(head);
    c.seeds.forEach(function (s) {
      var tr = el('tr');
      tr.appendChild(el('td', null, s.seed));
      tr.appendChild(el('td', null, s.steps));
      tr.appendChild(el('td', null, s.kind === null ? '-' : s.kind));
      var cmd = el('td', 'replay');
      cmd.appendChild(el('code', null, s.replay));
      tr.appendChild(cmd);
      table.appendChild(tr);
    });
    scroll.appendChild(table);
    box.appendChild(scroll);
    return box;
  }

  header();
  statsTable();
  ratePlot();
  var hists = byId('hists'), seeds = byId('seeds');
  hists.style.gridTemplateColumns = gridColumns;
  seeds.style.gridTemplateColumns = gridColumns;
  cols.forEach(function (c) {
    hists.appendChild(histogram(c));
    seeds.appendChild(seedList(c));
  });
}());
