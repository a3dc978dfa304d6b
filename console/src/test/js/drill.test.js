import test from 'node:test';
import assert from 'node:assert/strict';
import {buildIndex, chain, childrenOf, sitesBelow, focusOf, hashOf, breadcrumb, Rollup, TOP}
  from '../../main/resources/console/js/drill.js';

// A county with two townships; one village under the first; sites in the village and in the second township.
const MAP = {version: 3, region: '*', regions: [
  {id: 'c', name: 'The County', level: 'county', parent: null, boundary: null},
  {id: 't1', name: 'East', level: 'township', parent: 'c', boundary: null},
  {id: 't2', name: 'West', level: 'township', parent: 'c', boundary: null},
  {id: 'v1', name: 'Upper Hill', level: 'village', parent: 't1', boundary: null},
], sites: [
  {id: 's1', name: 'Slope 1', region: 'v1', lat: 30.1, lon: 103.1, devices: 3},
  {id: 's2', name: 'Slope 2', region: 'v1', lat: 30.2, lon: 103.2, devices: 0},
  {id: 's3', name: 'River', region: 't2', lat: 30.3, lon: 103.3, devices: 1},
]};

test('the index: children in order, sites under their region, roots', () => {
  const ix = buildIndex(MAP);
  assert.deepEqual(ix.roots, ['c']);
  assert.deepEqual(childrenOf(ix, 'c'), ['t1', 't2']);
  assert.deepEqual(childrenOf(ix, TOP), ['c']);
  assert.deepEqual(ix.regions.get('v1').sites, ['s1', 's2']);
  assert.deepEqual(chain(ix, 'v1'), ['c', 't1', 'v1']);
  assert.deepEqual(sitesBelow(ix, 'c'), ['s1', 's2', 's3']);
  assert.deepEqual(sitesBelow(ix, 't1'), ['s1', 's2']);
  assert.deepEqual(sitesBelow(ix, TOP).sort(), ['s1', 's2', 's3']);
});

test('a township user: the township is the root even though its parent is named', () => {
  const ix = buildIndex({regions: MAP.regions.filter((r) => r.id === 't1' || r.id === 'v1'), sites: MAP.sites.slice(0, 2)});
  assert.deepEqual(ix.roots, ['t1']);
  assert.deepEqual(focusOf(ix, []), {kind: 'region', id: 't1'});
  assert.deepEqual(breadcrumb(ix, {kind: 'region', id: 'v1'}).map((c) => c.label), ['East', 'Upper Hill']);
});

test('drill-down focus from the route, with fallbacks', () => {
  const ix = buildIndex(MAP);
  assert.deepEqual(focusOf(ix, []), {kind: 'region', id: 'c'});
  assert.deepEqual(focusOf(ix, ['region', 't1']), {kind: 'region', id: 't1'});
  assert.deepEqual(focusOf(ix, ['site', 's3']), {kind: 'site', id: 's3'});
  assert.deepEqual(focusOf(ix, ['region', 'nowhere']), {kind: 'region', id: 'c'});
  assert.deepEqual(focusOf(ix, ['site', 'nowhere']), {kind: 'region', id: 'c'});
  const two = buildIndex({regions: [{id: 'a'}, {id: 'b'}], sites: []});
  assert.deepEqual(focusOf(two, []), {kind: 'region', id: TOP});
});

test('routes and the breadcrumb from county to site', () => {
  const ix = buildIndex(MAP);
  assert.equal(hashOf({kind: 'region', id: 't1'}), '#/map/region/t1');
  assert.equal(hashOf({kind: 'site', id: 's 1'}), '#/map/site/s%201');
  assert.equal(hashOf({kind: 'region', id: TOP}), '#/map');
  const bc = breadcrumb(ix, {kind: 'site', id: 's1'});
  assert.deepEqual(bc.map((c) => [c.label, c.hash, !!c.current]), [
    ['The County', '#/map/region/c', false], ['East', '#/map/region/t1', false],
    ['Upper Hill', '#/map/region/v1', false], ['Slope 1', '#/map/site/s1', true]]);
  const top = breadcrumb(buildIndex({regions: [{id: 'a'}, {id: 'b'}], sites: []}), {kind: 'region', id: 'a'});
  assert.deepEqual(top.map((c) => c.label), ['Whole ground', 'a']);
});

test('roll-up: a region takes the highest level below it; only the changed regions are reported', () => {
  const ix = buildIndex(MAP);
  const r = new Rollup(ix);
  assert.equal(r.level('c'), 'none');
  assert.deepEqual(r.tally('c'), {none: 3, blue: 0, yellow: 0, orange: 0, red: 0});
  assert.deepEqual(r.set('s1', 'red'), ['c', 't1', 'v1']);
  assert.deepEqual(r.set('s2', 'orange'), [], 'red still rules every region above s2');
  assert.deepEqual(r.set('s3', 'yellow'), ['t2'], 'the county stays red');
  assert.equal(r.level('t2'), 'yellow');
  assert.deepEqual(r.set('s1', 'none'), ['c', 't1', 'v1']);
  assert.equal(r.level('c'), 'orange');
  assert.equal(r.level('v1'), 'orange');
  assert.deepEqual(r.tally('c'), {none: 1, blue: 0, yellow: 1, orange: 1, red: 0});
  assert.deepEqual(r.set('s1', 'none'), [], 'no change, nothing to paint');
  assert.deepEqual(r.set('unknown-site', 'red'), []);
  assert.deepEqual(r.set('s2', '<b>red</b>'), ['c', 't1', 'v1'], 'a level outside the set counts as none');
  assert.equal(r.level('c'), 'yellow');
  assert.equal(r.siteLevel('s2'), 'none');
});
