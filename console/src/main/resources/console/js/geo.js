/*
 * Map geometry, pure: GeoJSON Polygon/MultiPolygon rings in lon/lat, bounds, an equirectangular projection fitted
 * to a view box, SVG path data, and the shape of a region without a boundary (the convex hull of its sites).
 * No tile server: the map is the registry's own boundaries.
 */

/** The polygons of a geometry, each a list of rings of [lon, lat]; [] for anything but Polygon/MultiPolygon. */
export function polygons(g) {
  if (!g || typeof g !== 'object' || !Array.isArray(g.coordinates)) return [];
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

function isPoint(p) { return Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1]); }

/** Bounds {minLon, minLat, maxLon, maxLat} of [lon, lat] points, or null for none. */
export function boundsOf(points) {
  let b = null;
  for (const p of points) {
    if (!isPoint(p)) continue;
    if (!b) b = {minLon: p[0], minLat: p[1], maxLon: p[0], maxLat: p[1]};
    else {
      if (p[0] < b.minLon) b.minLon = p[0];
      if (p[0] > b.maxLon) b.maxLon = p[0];
      if (p[1] < b.minLat) b.minLat = p[1];
      if (p[1] > b.maxLat) b.maxLat = p[1];
    }
  }
  return b;
}

/** Every vertex of a geometry's outer and inner rings. */
export function vertices(g) {
  const out = [];
  for (const poly of polygons(g)) for (const ring of poly) for (const p of ring) out.push(p);
  return out;
}

/** The union of bounds (either may be null). */
export function mergeBounds(a, b) {
  if (!a) return b;
  if (!b) return a;
  return {minLon: Math.min(a.minLon, b.minLon), minLat: Math.min(a.minLat, b.minLat),
    maxLon: Math.max(a.maxLon, b.maxLon), maxLat: Math.max(a.maxLat, b.maxLat)};
}

/**
 * An equirectangular projection of `bounds` fitted into width x height with `pad` around it, north up: x grows with
 * longitude scaled by cos(middle latitude) (so a degree east is as long as it is on the ground there), y with
 * falling latitude; the aspect ratio is kept and the drawing centred. Returns {project([lon, lat]) -> [x, y], k}
 * where k is pixels per degree of latitude.
 */
export function fit(bounds, width, height, pad) {
  const p = pad || 0;
  const b = bounds || {minLon: 0, minLat: 0, maxLon: 1, maxLat: 1};
  const c = Math.cos((b.minLat + b.maxLat) / 2 * Math.PI / 180);
  const sx = Math.max((b.maxLon - b.minLon) * c, 1e-9);
  const sy = Math.max(b.maxLat - b.minLat, 1e-9);
  const k = Math.min((width - 2 * p) / sx, (height - 2 * p) / sy);
  const ox = p + (width - 2 * p - sx * k) / 2;
  const oy = p + (height - 2 * p - sy * k) / 2;
  return {
    k,
    project(pt) { return [ox + (pt[0] - b.minLon) * c * k, oy + (b.maxLat - pt[1]) * k]; },
  };
}

function r1(x) { return Math.round(x * 10) / 10; }

/** SVG path data of a geometry: one closed subpath per ring (draw with fill-rule evenodd for holes). */
export function pathOf(g, project) {
  let d = '';
  for (const poly of polygons(g)) {
    for (const ring of poly) {
      let first = true;
      for (const pt of ring) {
        if (!isPoint(pt)) continue;
        const q = project(pt);
        d += (first ? 'M' : 'L') + r1(q[0]) + ' ' + r1(q[1]);
        first = false;
      }
      if (!first) d += 'Z';
    }
  }
  return d;
}

function cross(o, a, b) { return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]); }

/** The convex hull of [lon, lat] points (Andrew's monotone chain), counter-clockwise, not closed; collinear points dropped. */
export function convexHull(points) {
  const pts = points.filter(isPoint).map((p) => [p[0], p[1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const uniq = pts.filter((p, i) => i === 0 || p[0] !== pts[i - 1][0] || p[1] !== pts[i - 1][1]);
  if (uniq.length < 3) return uniq;
  const lower = [];
  for (const p of uniq) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper = [];
  for (let i = uniq.length - 1; i >= 0; i--) {
    const p = uniq[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/** Half the side, in degrees, of the square drawn around one or two sites (or collinear ones): about 550 m. */
export const SITE_MARGIN_DEG = 0.005;

/**
 * The shape drawn for a region: its boundary when the registry has one; else the convex hull of its sites (all
 * sites of its subtree), widened to a box of SITE_MARGIN_DEG around them when they are fewer than three or in a line;
 * null without boundary and without located sites. Returns {geometry, kind: 'boundary' | 'hull' | 'box'}.
 */
export function regionShape(boundary, sitePoints) {
  if (polygons(boundary).length) return {geometry: boundary, kind: 'boundary'};
  const hull = convexHull(sitePoints);
  if (hull.length >= 3) return {geometry: {type: 'Polygon', coordinates: [hull.concat([hull[0]])]}, kind: 'hull'};
  const b = boundsOf(sitePoints);
  if (!b) return null;
  const m = SITE_MARGIN_DEG;
  const ring = [[b.minLon - m, b.minLat - m], [b.maxLon + m, b.minLat - m], [b.maxLon + m, b.maxLat + m],
    [b.minLon - m, b.maxLat + m], [b.minLon - m, b.minLat - m]];
  return {geometry: {type: 'Polygon', coordinates: [ring]}, kind: 'box'};
}

/** Whether [lon, lat] lies inside a ring (even-odd rule; points on the edge may go either way). */
export function inRing(pt, ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i], b = ring[j];
    if ((a[1] > pt[1]) !== (b[1] > pt[1]) && pt[0] < (b[0] - a[0]) * (pt[1] - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}
