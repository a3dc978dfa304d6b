import test from 'node:test';
import assert from 'node:assert/strict';
import {polygons, boundsOf, fit, pathOf, convexHull, regionShape, SITE_MARGIN_DEG, vertices, inRing}
  from '../../main/resources/console/js/geo.js';

const close = (a, b, eps, what) => assert.ok(Math.abs(a - b) <= eps, what + ': ' + a + ' is not ' + b);

test('Polygon and MultiPolygon give their polygons; other geometries none', () => {
  const ring = [[0, 0], [1, 0], [1, 1], [0, 0]];
  assert.deepEqual(polygons({type: 'Polygon', coordinates: [ring]}), [[ring]]);
  assert.deepEqual(polygons({type: 'MultiPolygon', coordinates: [[ring], [ring]]}), [[ring], [ring]]);
  assert.deepEqual(polygons({type: 'Point', coordinates: [1, 2]}), []);
  assert.deepEqual(polygons(null), []);
  assert.deepEqual(polygons({type: 'Polygon'}), []);
});

test('bounds of points, non-numbers ignored', () => {
  assert.deepEqual(boundsOf([[103, 30], [104, 30.5], [103.5, 29.9], ['x', 1], null]),
    {minLon: 103, minLat: 29.9, maxLon: 104, maxLat: 30.5});
  assert.equal(boundsOf([]), null);
});

test('the projection is equirectangular at the middle latitude, fitted and centred, north up', () => {
  // One degree of longitude by half a degree of latitude around 30.25 N into 1000 x 680: longitude scaled by
  // cos(30.25 deg) = 0.863836, so the width limits: k = 1000 / 0.863836 = 1157.63 px per degree of latitude; the
  // drawing is 0.5 * 1157.63 = 578.81 px high, centred: 50.59 px above and below.
  const f = fit({minLon: 103, minLat: 30, maxLon: 104, maxLat: 30.5}, 1000, 680, 0);
  close(f.k, 1157.63, 0.01, 'k');
  const nw = f.project([103, 30.5]), se = f.project([104, 30]);
  close(nw[0], 0, 1e-6, 'west x');
  close(nw[1], 50.59, 0.01, 'north y');
  close(se[0], 1000, 1e-6, 'east x');
  close(se[1], 629.41, 0.01, 'south y');
  // With 16 px of padding a square of 0.1 x 0.1 degrees at the equator fills 648 px of height, centred in x.
  const g = fit({minLon: 0, minLat: -0.05, maxLon: 0.1, maxLat: 0.05}, 1000, 680, 16);
  const a = g.project([0, 0.05]), b = g.project([0.1, -0.05]);
  close(b[1] - a[1], 648, 1e-6, 'height');
  close(b[0] - a[0], 648 * Math.cos(0), 1e-6, 'width');
  close(a[0], (1000 - 648) / 2, 1e-6, 'left');
});

test('a single point still projects (no division by zero)', () => {
  const f = fit({minLon: 103, minLat: 30, maxLon: 103, maxLat: 30}, 100, 100, 10);
  const p = f.project([103, 30]);
  assert.ok(Number.isFinite(p[0]) && Number.isFinite(p[1]));
});

test('path data: one closed subpath per ring, one decimal', () => {
  const id = (p) => p;
  assert.equal(pathOf({type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10.04], [0, 0]], [[2, 2], [3, 2], [3, 3], [2, 2]]]}, id),
    'M0 0L10 0L10 10L0 0ZM2 2L3 2L3 3L2 2Z');
  assert.equal(pathOf({type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [0, 1]]], [[[5, 5], [6, 5], [5, 6]]]]}, id),
    'M0 0L1 0L0 1ZM5 5L6 5L5 6Z');
});

test('convex hull: corners only, counter-clockwise, duplicates and collinear points dropped', () => {
  const pts = [[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5], [0.5, 0], [1, 1], [0.2, 0.7]];
  assert.deepEqual(convexHull(pts), [[0, 0], [1, 0], [1, 1], [0, 1]]);
  assert.deepEqual(convexHull([[2, 2], [1, 1]]), [[1, 1], [2, 2]]);
});

test('a region without a boundary: the hull of its sites, a box around fewer than three, nothing without sites', () => {
  const b = {type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]]};
  assert.deepEqual(regionShape(b, []), {geometry: b, kind: 'boundary'});
  const hull = regionShape(null, [[0, 0], [2, 0], [1, 3], [1, 1]]);
  assert.equal(hull.kind, 'hull');
  assert.deepEqual(hull.geometry.coordinates[0], [[0, 0], [2, 0], [1, 3], [0, 0]]);
  const box = regionShape(null, [[103.1, 30.2]]);
  assert.equal(box.kind, 'box');
  const bb = boundsOf(vertices(box.geometry));
  close(bb.maxLon - bb.minLon, 2 * SITE_MARGIN_DEG, 1e-12, 'box width');
  close(bb.minLat, 30.2 - SITE_MARGIN_DEG, 1e-12, 'box south');
  assert.equal(regionShape(null, []), null);
  assert.equal(regionShape({type: 'Point', coordinates: [0, 0]}, []), null);
});

test('point in ring', () => {
  const sq = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
  assert.equal(inRing([2, 2], sq), true);
  assert.equal(inRing([5, 2], sq), false);
});
