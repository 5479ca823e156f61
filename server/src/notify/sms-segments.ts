// How many SMS segments a text costs. A text of GSM 03.38 characters goes as 7-bit septets: 160 in one segment,
// 153 per segment once it is split (the rest carries the joining header); a character of the extension table
// (€, [, ], {, }, ^, ~, |, \, form feed) takes two septets, and the two are never split. One character outside
// both tables sends the whole text as UCS-2: 70 UTF-16 units in one segment, 67 per split segment, and a
// surrogate pair is never split either.

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

type SmsEncoding = 'gsm7' | 'ucs2';
export type SmsCount = { encoding: SmsEncoding; segments: number; /** septets (gsm7) or UTF-16 units (ucs2) */ units: number };

function isGsm7Char(char: string): boolean {
  return BASIC.has(char) || EXTENSION.has(char);
}

/** Segments for characters of these sizes, filled in order: a character that would straddle a boundary starts the next. */
function packSegments(sizes: readonly number[], single: number, perSplit: number): number {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perSplit) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

export function countSmsSegments(text: string): SmsCount {
  const chars = [...text];
  if (chars.every(isGsm7Char)) {
    const sizes = chars.map((char) => (EXTENSION.has(char) ? 2 : 1));
    return { encoding: 'gsm7', segments: packSegments(sizes, 160, 153), units: sizes.reduce((a, b) => a + b, 0) };
  }
  const sizes = chars.map((char) => char.length);
  return { encoding: 'ucs2', segments: packSegments(sizes, 70, 67), units: text.length };
}

// What people type that GSM lacks, written with what it has (a curly quote alone would make the text UCS-2).
const GSM_STAND_INS: Record<string, string> = {
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '‑': '-',
  '…': '...',
  '•': '*',
  '·': '.',
  '×': 'x',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
};

/**
 * The text in GSM characters where it can be: stand-ins for typographic punctuation, and accents dropped from
 * letters GSM does not have (ë → e; é, ü and ñ are in GSM and stay). What has no stand-in (emoji, other scripts)
 * stays as it is: the text then goes as UCS-2 rather than losing the name.
 */
export function toGsmText(text: string): string {
  return [...text]
    .map((char) => {
      if (isGsm7Char(char)) return char;
      const standIn = GSM_STAND_INS[char];
      if (standIn !== undefined) return standIn;
      const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
      return bare !== '' && [...bare].every(isGsm7Char) ? bare : char;
    })
    .join('');
}
