import test from 'node:test';
import assert from 'node:assert/strict';
import {lvl, maxLevel, num, fixed, known, pct, fmtTs, fmtClock, severityLevel, alertLevel, list, ago}
  from '../../main/resources/console/js/format.js';
import {healthLevel} from '../../main/resources/console/js/health-model.js';

test('levels from the closed set only', () => {
  assert.equal(lvl('red'), 'red');
  assert.equal(lvl('<img src=x>'), 'none');
  assert.equal(lvl('constructor'), 'none');
  assert.equal(lvl(undefined), 'none');
  assert.equal(maxLevel('yellow', 'orange'), 'orange');
  assert.equal(maxLevel('red', 'bogus'), 'red');
  assert.equal(alertLevel({level: 'none', previousLevel: 'orange'}), 'orange');
  assert.equal(alertLevel({level: 'yellow', previousLevel: 'red'}), 'yellow');
});

test('numbers', () => {
  assert.equal(num(3), '3');
  assert.equal(num('2.5'), '2.5');
  assert.equal(num('<b>'), '');
  assert.equal(num(Infinity), '');
  assert.equal(fixed(2.345, 1), '2.3');
  assert.equal(fixed('x', 1), '');
  assert.equal(known(null), false);
  assert.equal(known(0), true);
  assert.equal(pct(0.75), '75.0 %');
  assert.equal(pct(1), '100.0 %');
  assert.equal(pct(null), '–');
});

test('times in UTC', () => {
  assert.equal(fmtTs(0), '1970-01-01 00:00:00Z');
  assert.equal(fmtTs('2026-12-07T05:31:18.250Z'), '2026-12-07 05:31:18Z');
  assert.equal(fmtTs('<img>'), '<img>');
  assert.equal(fmtTs(null), '');
  assert.equal(fmtClock(Date.UTC(2026, 11, 7, 9, 5)), '09:05');
  assert.equal(ago(0, 59000), '59 s');
  assert.equal(ago(0, 3599000), '59 min');
  assert.equal(ago(0, 7200000), '2 h');
  assert.equal(ago(0, 3 * 86400000), '3 d');
});

test('CAP severities, lists', () => {
  assert.equal(severityLevel('Extreme'), 'red');
  assert.equal(severityLevel('Severe'), 'orange');
  assert.equal(severityLevel('Moderate'), 'yellow');
  assert.deepEqual(list(' hill-a, ,hill-* '), ['hill-a', 'hill-*']);
});

test('device health colours by the share online', () => {
  assert.equal(healthLevel(1), 'none');
  assert.equal(healthLevel(0.95), 'none');
  assert.equal(healthLevel(0.949), 'yellow');
  assert.equal(healthLevel(0.8), 'yellow');
  assert.equal(healthLevel(0.799), 'orange');
  assert.equal(healthLevel(0.5), 'orange');
  assert.equal(healthLevel(0.49), 'red');
  assert.equal(healthLevel(0), 'red');
  assert.equal(healthLevel(null), 'unknown');
  assert.equal(healthLevel('x'), 'unknown');
});
