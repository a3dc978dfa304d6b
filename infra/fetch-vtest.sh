#!/usr/bin/env bash
# Fetches OpenCV's pedestrian sample clip vtest.avi (Debian package opencv-doc, BSD-licensed OpenCV samples) into
# .vigil/data/ and decodes it with ffmpeg into JPEG frames, for the vision evaluation, the simulator's camera feed
# and the optional vision tests. Idempotent: does nothing when the frames are already complete.
#
#   infra/fetch-vtest.sh            fetch + decode (installs ffmpeg with apt-get when root and it is missing)
#   infra/fetch-vtest.sh --check    exit 0 when the frames are present and complete, 1 otherwise (no changes)
#
# Result:  .vigil/data/vtest.avi
#          .vigil/data/vtest-frames/000000.jpg ... 000794.jpg   (frame i of the clip = file i, 768x576)
#          .vigil/data/vtest-frames/COMPLETE                    (written last: the frame count)
# VIGIL_DATA_DIR overrides .vigil/data.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
DATA="${VIGIL_DATA_DIR:-$ROOT/.vigil/data}"
CLIP="$DATA/vtest.avi"
FRAMES="$DATA/vtest-frames"
EXPECTED_FRAMES=795

say() { echo "[fetch-vtest] $*"; }
die() { echo "[fetch-vtest] ERROR: $*" >&2; exit 1; }

complete() { [ -f "$FRAMES/COMPLETE" ] && [ "$(cat "$FRAMES/COMPLETE")" = "$EXPECTED_FRAMES" ]; }

if [ "${1:-}" = "--check" ]; then
  complete && { say "frames present: $FRAMES"; exit 0; }
  say "frames missing or incomplete in $FRAMES"; exit 1
fi
[ $# -eq 0 ] || die "unknown argument '$1' (use no argument or --check)"

if complete; then
  say "already done: $EXPECTED_FRAMES frames in $FRAMES"
  exit 0
fi
mkdir -p "$DATA"

# 1. the clip
if [ ! -s "$CLIP" ]; then
  found=""
  for f in /usr/share/doc/opencv-doc/examples/data/vtest.avi /usr/share/doc/opencv-doc/examples/data/vtest.avi.gz; do
    [ -s "$f" ] && { found="$f"; break; }
  done
  if [ -z "$found" ]; then
    command -v apt-get >/dev/null 2>&1 || die "vtest.avi comes from Debian's opencv-doc package, and apt-get is not available; put the clip at $CLIP yourself"
    tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
    say "downloading Debian's opencv-doc package (~95 MB) for examples/data/vtest.avi..."
    (cd "$tmp" && apt-get download opencv-doc >/dev/null 2>"$tmp/apt.err") \
      || { apt-get update -q >/dev/null 2>&1 || true; (cd "$tmp" && apt-get download opencv-doc >/dev/null 2>"$tmp/apt.err"); } \
      || die "apt-get download opencv-doc failed: $(tail -n 3 "$tmp/apt.err")"
    say "unpacking..."
    dpkg -x "$tmp"/opencv-doc_*.deb "$tmp/x" || die "could not unpack $(ls "$tmp"/opencv-doc_*.deb)"
    found="$(find "$tmp/x" -name 'vtest.avi' -o -name 'vtest.avi.gz' | head -n 1)"
    [ -n "$found" ] || die "the opencv-doc package has no examples/data/vtest.avi(.gz)"
  fi
  say "copying $found -> $CLIP"
  case "$found" in
    *.gz) gzip -dc "$found" > "$CLIP.part" ;;
    *)    cp "$found" "$CLIP.part" ;;
  esac
  mv "$CLIP.part" "$CLIP"
fi

# 2. ffmpeg (OpenCV's Java build has no FFMPEG backend, so the frames are decoded here)
if ! command -v ffmpeg >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ffmpeg from Debian's packages..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q ffmpeg >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ffmpeg >/dev/null; } \
      || die "could not install ffmpeg"
  else
    die "ffmpeg is needed to decode the clip: sudo apt-get install ffmpeg"
  fi
fi

# 3. the frames, decoded into a fresh folder and moved into place only when complete
say "decoding $CLIP into JPEG frames (ffmpeg, quality 3)..."
rm -rf "$FRAMES.part"
mkdir -p "$FRAMES.part"
ffmpeg -nostdin -hide_banner -loglevel error -stats -i "$CLIP" -q:v 3 -start_number 0 "$FRAMES.part/%06d.jpg" \
  || die "ffmpeg failed to decode $CLIP"
n="$(find "$FRAMES.part" -name '*.jpg' | wc -l)"
[ "$n" -eq "$EXPECTED_FRAMES" ] || die "expected $EXPECTED_FRAMES frames from $CLIP, ffmpeg wrote $n"
echo "$n" > "$FRAMES.part/COMPLETE"
rm -rf "$FRAMES"
mv "$FRAMES.part" "$FRAMES"
say "done: $n frames (768x576) in $FRAMES ($(du -sh "$FRAMES" | cut -f1))"
