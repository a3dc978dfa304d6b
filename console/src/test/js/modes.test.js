import test from 'node:test';
import assert from 'node:assert/strict';
import {fromResponse, applyEvent, headerSummary, validateSwitch, mode}
  from '../../main/resources/console/js/modes-model.js';

// GET /api/modes for a county user, in the contract's shape: the county in its default, East on holiday (its
// village inherits it), West without a mode of its own.
const COUNTY = {modes: [
  {region: 'c', name: 'The County', level: 'county', parent: null, mode: null, effective: 'daily', setBy: null, setAtMs: null, reason: null},
  {region: 't1', name: 'East', level: 'township', parent: 'c', mode: 'holiday', effective: 'holiday', setBy: 'maria',
    setAtMs: 1796620800000, reason: 'spring festival'},
  {region: 'v1', name: 'Upper Hill', level: 'village', parent: 't1', mode: null, effective: 'holiday', setBy: null, setAtMs: null, reason: null},
  {region: 't2', name: 'West', level: 'township', parent: 'c', mode: null, effective: 'daily', setBy: null, setAtMs: null, reason: null},
], canSwitch: ['c', 't1', 'v1', 't2']};

const clone = (x) => JSON.parse(JSON.stringify(x));

test('effective modes as the server gave them', () => {
  const st = fromResponse(clone(COUNTY));
  assert.deepEqual(st.order, ['c', 't1', 'v1', 't2']);
  assert.deepEqual(st.order.map((id) => st.entries.get(id).effective), ['daily', 'holiday', 'holiday', 'daily']);
  assert.deepEqual(headerSummary(st), {tops: [{region: 'c', name: 'The County', effective: 'daily'}],
    exceptions: [{region: 't1', name: 'East', effective: 'holiday'}, {region: 'v1', name: 'Upper Hill', effective: 'holiday'}]});
});

test('a live event changes the region and every region inheriting from it', () => {
  const st = fromResponse(clone(COUNTY));
  assert.equal(applyEvent(st, {region: 'c', name: 'The County', level: 'county', parent: null, mode: 'emergency',
    effective: 'emergency', setBy: 'erin', setAtMs: 1796624400000, reason: 'storm'}), true);
  assert.deepEqual(st.order.map((id) => st.entries.get(id).effective), ['emergency', 'holiday', 'holiday', 'emergency']);
  assert.equal(st.entries.get('c').setBy, 'erin');
  // East returns to inherit (the job clears its own mode): East and its village follow the county.
  applyEvent(st, {region: 't1', name: 'East', level: 'township', parent: 'c', mode: null, effective: 'emergency',
    setBy: null, setAtMs: null, reason: null});
  assert.deepEqual(st.order.map((id) => st.entries.get(id).effective), ['emergency', 'emergency', 'emergency', 'emergency']);
  assert.deepEqual(headerSummary(st).exceptions, []);
  assert.equal(applyEvent(st, {region: 'elsewhere', mode: 'daily'}), false, 'a region outside the list');
});

test('a township user: the county above is not listed; the township inherits what the server said', () => {
  const st = fromResponse({modes: [
    {region: 't1', name: 'East', level: 'township', parent: 'c', mode: null, effective: 'holiday'},
    {region: 'v1', name: 'Upper Hill', level: 'village', parent: 't1', mode: null, effective: 'holiday'},
  ], canSwitch: ['t1', 'v1']});
  applyEvent(st, {region: 'v1', parent: 't1', mode: 'emergency', effective: 'emergency'});
  assert.equal(st.entries.get('v1').effective, 'emergency');
  assert.equal(st.entries.get('t1').effective, 'holiday');
  assert.deepEqual(headerSummary(st), {tops: [{region: 't1', name: 'East', effective: 'holiday'}],
    exceptions: [{region: 'v1', name: 'Upper Hill', effective: 'emergency'}]});
  // The county switches to daily: the township hears of it as its own entry with the new effective mode.
  applyEvent(st, {region: 't1', parent: 'c', mode: null, effective: 'daily'});
  assert.equal(st.entries.get('t1').effective, 'daily');
  assert.equal(st.entries.get('v1').effective, 'emergency');
});

test('modes outside the set are not taken; the switch is checked before it is sent', () => {
  assert.equal(mode('<b>'), null);
  const st = fromResponse({modes: [{region: 'x', parent: null, mode: 'party', effective: 'party'}], canSwitch: []});
  assert.equal(st.entries.get('x').effective, 'daily');
  const county = fromResponse(clone(COUNTY));
  assert.equal(validateSwitch(county, 't1', 'emergency', 'flood on the river road'), null);
  assert.match(validateSwitch(county, 'zz', 'emergency', 'x'), /may not switch/);
  assert.match(validateSwitch(county, 't1', 'party', 'x'), /mode must be one of daily, holiday, emergency/);
  assert.match(validateSwitch(county, 't1', 'daily', '   '), /reason is required/);
  assert.equal(validateSwitch(county, 't1', 'daily', 'x'.repeat(200)), null);
  assert.match(validateSwitch(county, 't1', 'daily', 'x'.repeat(201)), /longer than 200/);
});
