import { useMemo } from 'react';
import { create } from 'qrcode';

// A QR code drawn as one inline <svg> path (no canvas, no data: URL, no innerHTML), so it needs nothing from the
// Content-Security-Policy and stays sharp at any size. `qrcode` only encodes; the drawing is here.

/** Modules of white border around the code, as the QR specification asks for reliable scanning. */
const QUIET_ZONE = 4;

/** The code's side in modules (quiet zone included) and its dark modules as one path, a run of each row per rectangle. */
export function qrPath(text: string): { side: number; d: string } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const { size } = modules;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`);
    }
  }
  return { side: size + 2 * QUIET_ZONE, d: parts.join('') };
}

export function QrCode({ value, label, size }: { value: string; label: string; size: number }) {
  const { side, d } = useMemo(() => qrPath(value), [value]);
  return (
    <svg className="qr-code" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges">
      <rect width={side} height={side} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
