import { describe, expect, it } from 'vitest';
import { countSmsSegments, toGsmText } from '../../../server/src/notify/sms-segments';

describe('SMS segment counter', () => {
  it('counts GSM-7 texts as 160 septets in one segment, then 153 per segment', () => {
    expect(countSmsSegments('')).toEqual({ encoding: 'gsm7', segments: 1, units: 0 });
    expect(countSmsSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', segments: 1, units: 160 });
    expect(countSmsSegments('a'.repeat(161))).toEqual({ encoding: 'gsm7', segments: 2, units: 161 });
    expect(countSmsSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSmsSegments('a'.repeat(307)).segments).toBe(3);
    expect(countSmsSegments('Café £5 @ Ünter ñ à $ ¥ § ¿ ¡ _ "quoted" \'single\'').encoding).toBe('gsm7');
  });

  it('counts the extension table as two septets and never splits its escape pair', () => {
    expect(countSmsSegments('€'.repeat(80))).toEqual({ encoding: 'gsm7', segments: 1, units: 160 });
    expect(countSmsSegments('€'.repeat(81)).segments).toBe(2);
    expect(countSmsSegments(`${'a'.repeat(159)}[`)).toEqual({ encoding: 'gsm7', segments: 2, units: 161 });
    // 152 septets, then a two-septet character that would straddle the 153 boundary: it starts segment 2.
    expect(countSmsSegments(`${'a'.repeat(152)}{${'a'.repeat(152)}`).segments).toBe(3);
    expect(countSmsSegments(`${'a'.repeat(151)}{${'a'.repeat(153)}`).segments).toBe(2);
  });

  it('sends the whole text as UCS-2 when one character is outside GSM-7: 70, then 67 per segment', () => {
    for (const char of ['—', '•', '’', '“', 'ë', '😀']) expect(countSmsSegments(`Demo Studio ${char}`).encoding).toBe('ucs2');
    expect(countSmsSegments(`—${'a'.repeat(69)}`)).toEqual({ encoding: 'ucs2', segments: 1, units: 70 });
    expect(countSmsSegments(`—${'a'.repeat(70)}`).segments).toBe(2);
    expect(countSmsSegments(`—${'a'.repeat(133)}`).segments).toBe(2);
    expect(countSmsSegments(`—${'a'.repeat(134)}`).segments).toBe(3);
    // A surrogate pair (emoji) is two units and is not split across segments.
    expect(countSmsSegments(`${'a'.repeat(66)}😀${'a'.repeat(66)}`)).toEqual({ encoding: 'ucs2', segments: 3, units: 134 });
  });
});

describe('GSM text', () => {
  it('writes typographic punctuation and accents GSM lacks with what it has, and keeps what it cannot replace', () => {
    expect(toGsmText('Zoë’s “Flow” — 6 pm • 2×')).toBe('Zoe\'s "Flow" - 6 pm * 2x');
    expect(toGsmText('Café Über Niño à la Ørsted')).toBe('Café Über Niño à la Ørsted');
    expect(toGsmText('6:30\u202fPM')).toBe('6:30 PM');
    expect(toGsmText('Yoga 😀')).toBe('Yoga 😀');
  });
});
