import { createHash } from 'node:crypto';

const SIZE = 600;
const LINE_CHARS = 16;
const MAX_LINES = 3;

/**
 * A product placeholder image: a gradient whose colours follow from the sku (the same sku always
 * looks the same) with the product's name on it.
 */
export function productSvg(product: { sku: string; name: string }): string {
  const hash = createHash('sha256').update(product.sku).digest();
  const hue = ((hash[0] ?? 0) * 256 + (hash[1] ?? 0)) % 360;
  const from = hslToHex(hue, 55, 52);
  const to = hslToHex((hue + 40 + ((hash[2] ?? 0) % 80)) % 360, 60, 34);
  const lines = wrap(product.name, LINE_CHARS, MAX_LINES);
  const lineHeight = 54;
  const top = SIZE / 2 - ((lines.length - 1) * lineHeight) / 2;
  const circles = [3, 6, 9]
    .map((at) => {
      const [x = 0, y = 0, r = 0] = [hash[at], hash[at + 1], hash[at + 2]];
      return `<circle cx="${Math.round((x / 255) * SIZE)}" cy="${Math.round((y / 255) * SIZE)}" r="${60 + (r % 140)}" fill="#ffffff" fill-opacity="0.10"/>`;
    })
    .join('');
  const text = lines
    .map(
      (line, index) =>
        `<tspan x="${SIZE / 2}" y="${top + index * lineHeight}">${escapeXml(line)}</tspan>`,
    )
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" role="img" aria-label="${escapeXml(product.name)}">`,
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>`,
    `<rect width="${SIZE}" height="${SIZE}" fill="url(#bg)"/>`,
    circles,
    `<text font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="46" font-weight="600" fill="#ffffff" text-anchor="middle" dominant-baseline="middle">${text}</text>`,
    `<text x="${SIZE / 2}" y="${SIZE - 40}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="22" fill="#ffffff" fill-opacity="0.8" text-anchor="middle">${escapeXml(product.sku)}</text>`,
    '</svg>',
  ].join('\n');
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char] ?? char,
  );
}

/** Greedy word wrap; what does not fit in the last line ends in an ellipsis. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const word of text.trim().split(/\s+/)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${(kept[maxLines - 1] ?? '').slice(0, width - 1)}…`;
  return kept;
}

function hslToHex(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    const value = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
