/* Device health on the map, pure. */

/**
 * The colour level of a region's share of devices online: red below 50 %, orange below 80 %, yellow below 95 %,
 * none (healthy) from 95 %; "unknown" without a figure.
 */
export function healthLevel(share) {
  if (share === null || share === undefined || !Number.isFinite(Number(share))) return 'unknown';
  const x = Number(share);
  return x < 0.5 ? 'red' : x < 0.8 ? 'orange' : x < 0.95 ? 'yellow' : 'none';
}
