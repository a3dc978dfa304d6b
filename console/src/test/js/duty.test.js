import test from 'node:test';
import assert from 'node:assert/strict';
import {dutyColumn, groupByRegion, subtreeCounts, ackLine, referralLine, alertRegion, acknowledger, linkNewest,
  UNREGISTERED}
  from '../../main/resources/console/js/duty.js';

const REGION = {s1: 'v1', s2: 'v1', s3: 't2'};
const PARENT = {c: null, t1: 'c', t2: 'c', v1: 't1'};
const ALERTS = {
  a1: {id: 'a1', site: 's1', state: 'opened', updatedAt: '2026-12-07T05:00:00Z'},
  a2: {id: 'a2', site: 's1', state: 'escalated', updatedAt: '2026-12-07T05:10:00Z'},
  a3: {id: 'a3', site: 's2', state: 'referred', referredTo: 't1', referredToLevel: 'township', referral: 1,
    updatedAt: '2026-12-07T05:05:00Z'},
  a4: {id: 'a4', site: 's3', state: 'acknowledged', ackedBy: 'maria', updatedAt: '2026-12-07T05:20:00Z'},
  a5: {id: 'a5', site: 's3', state: 'resolved', updatedAt: '2026-12-07T05:30:00Z'},
  a6: {id: 'a6', site: 'elsewhere', state: 'de-escalated', updatedAt: '2026-12-07T05:00:00Z'},
};

test('columns by state; resolved alerts are done', () => {
  assert.equal(dutyColumn('opened'), 'unacknowledged');
  assert.equal(dutyColumn('escalated'), 'unacknowledged');
  assert.equal(dutyColumn('de-escalated'), 'unacknowledged');
  assert.equal(dutyColumn('referred'), 'referred');
  assert.equal(dutyColumn('acknowledged'), 'acknowledged');
  assert.equal(dutyColumn('resolved'), null);
});

test('grouped by the region of the site, newest first; unknown sites apart', () => {
  const g = groupByRegion(ALERTS, (s) => REGION[s] || null);
  assert.deepEqual(Array.from(g.keys()).sort(), [UNREGISTERED, 't2', 'v1'].sort());
  assert.deepEqual(g.get('v1').unacknowledged.map((a) => a.id), ['a2', 'a1']);
  assert.deepEqual(g.get('v1').referred.map((a) => a.id), ['a3']);
  assert.deepEqual(g.get('t2').acknowledged.map((a) => a.id), ['a4']);
  assert.deepEqual(g.get('t2').unacknowledged, []);
  assert.deepEqual(g.get(UNREGISTERED).unacknowledged.map((a) => a.id), ['a6']);
});

test('a region\'s own alert (device health) is grouped under that region, not as unregistered', () => {
  const own = {h1: {id: 'h1', site: '_region-t2', state: 'opened', updatedAt: '2026-12-07T05:00:00Z'}};
  const g = groupByRegion(own, (s) => REGION[s] || null);
  assert.deepEqual(Array.from(g.keys()), ['t2']);
  assert.deepEqual(g.get('t2').unacknowledged.map((a) => a.id), ['h1']);
  assert.equal(alertRegion('_region-', (s) => REGION[s] || null), null);
  assert.equal(alertRegion('s1', (s) => REGION[s] || null), 'v1');
});

test('counts over each subtree', () => {
  const g = groupByRegion(ALERTS, (s) => REGION[s] || null);
  const c = subtreeCounts(g, ['c', 't1', 't2', 'v1'], (id) => PARENT[id]);
  assert.deepEqual(c.get('c'), {unacknowledged: 2, referred: 1, acknowledged: 1});
  assert.deepEqual(c.get('t1'), {unacknowledged: 2, referred: 1, acknowledged: 0});
  assert.deepEqual(c.get('t2'), {unacknowledged: 0, referred: 0, acknowledged: 1});
  assert.deepEqual(c.get('v1'), {unacknowledged: 2, referred: 1, acknowledged: 0});
});

test('who acknowledged when; where a referral went', () => {
  assert.equal(ackLine(ALERTS.a4, (t) => '[' + t + ']'), 'maria at [2026-12-07T05:20:00Z]');
  assert.equal(ackLine(ALERTS.a1, String), '');
  assert.equal(referralLine(ALERTS.a3, (id) => ({t1: 'East'})[id]), 'to East (township), referral 1');
  assert.equal(referralLine({state: 'referred'}, String), 'to the level above');
});

test('who acknowledged: the transition\'s ackedBy, else the accepted ack decision\'s person', () => {
  const acked = {id: 'a7', state: 'acknowledged', updatedAt: '2026-12-07T05:20:00Z',
    message: 'acknowledged by otto'};
  assert.equal(ackLine(acked, String, {alertId: 'a7', accepted: true, by: 'otto', author: 'vigil-console'}),
    'otto at 2026-12-07T05:20:00Z');
  assert.equal(acknowledger(acked, {alertId: 'a7', accepted: false, by: 'mallory'}), null);
  assert.equal(acknowledger(acked, {alertId: 'other', accepted: true, by: 'otto'}), null);
  assert.equal(ackLine(acked, String, undefined), 'someone at 2026-12-07T05:20:00Z');
  assert.equal(acknowledger(ALERTS.a4, {alertId: 'a4', accepted: true, by: 'otto'}), 'maria');
});

test('the snapshot\'s newest states become the feed\'s own rows when they are the same transition', () => {
  const feed = [{id: 'a1', state: 'opened', updatedAt: 't1'}, {id: 'a2', state: 'opened', updatedAt: 't1'}];
  const states = {a1: {id: 'a1', state: 'opened', updatedAt: 't1'},
    a2: {id: 'a2', state: 'acknowledged', updatedAt: 't2'}, a3: {id: 'a3', state: 'opened', updatedAt: 't0'}};
  const a2newest = states.a2;
  const a3newest = states.a3;
  linkNewest(feed, states);
  assert.equal(states.a1, feed[0]);
  assert.equal(states.a2, a2newest);
  assert.equal(states.a3, a3newest);
});
