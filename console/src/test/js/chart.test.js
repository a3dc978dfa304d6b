import test from 'node:test';
import assert from 'node:assert/strict';
import {placeLabels, textWidth} from '../../main/resources/console/js/chart.js';

test('labels far apart stay where they want to be', () => {
  assert.deepEqual(placeLabels([40, 100, 160], 12, 30, 180), [40, 100, 160]);
});

test('labels that would overlap are pushed apart by the gap, keeping their order', () => {
  // 50 and 52 are 2 px apart: the lower one (larger y) moves down to 50 + 12 = 62; 100 is 38 px below that.
  assert.deepEqual(placeLabels([52, 100, 50], 12, 30, 180), [62, 100, 50]);
  // Three at the same height, given in any order: 70, 82, 94 by their order given.
  assert.deepEqual(placeLabels([70, 70, 70], 12, 30, 180), [70, 82, 94]);
});

test('labels near the bottom move up instead of leaving the plot', () => {
  // 190 and 191 with the bottom at 195: the lower one stops at 195, the other 12 above it at 183.
  assert.deepEqual(placeLabels([190, 191], 12, 30, 195), [183, 195]);
});

test('labels above the top bound (under the legend) move down to it', () => {
  // The top bound 34 (two lines of 12 below a 10 px margin): 5 -> 34, 20 -> 46.
  assert.deepEqual(placeLabels([5, 20], 12, 34, 180), [34, 46]);
});

test('legend entries are spaced by their text', () => {
  assert.ok(textWidth('rain_24h (mm)') > textWidth('rain'));
  assert.equal(textWidth(''), 0);
});
