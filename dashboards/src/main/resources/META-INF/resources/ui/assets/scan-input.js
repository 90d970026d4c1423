// What a scan says, read on the device: no server needed, so a scan made offline is understood
// too. Strips the symbology identifier, turns the configured GS replacement into GS (char 29),
// and takes the serial from AI (21), an SSCC from AI (00), from raw element strings, bracketed
// ones or a GS1 Digital Link URI; anything else is a plain code (a serial or a location code).

export const GS = '\u001d';

// Symbology identifiers that say the data is a GS1 element string.
const GS1_SYMBOLOGIES = new Set([']d2', ']C1', ']Q3', ']e0', ']J1']);

// Application identifiers of fixed length (AI length + data length); the others end at GS.
const FIXED = {
  '00': 18, '01': 14, '02': 14, '03': 14, '11': 6, '12': 6, '13': 6, '15': 6, '16': 6, '17': 6,
  '20': 2, '31': 6, '32': 6, '33': 6, '34': 6, '35': 6, '36': 6, '41': 13,
};
const FOUR_DIGIT_PREFIXES = ['31', '32', '33', '34', '35', '36', '39', '70', '71', '72', '80', '81', '82'];
const THREE_DIGIT_PREFIXES = ['23', '24', '25', '40', '41', '42', '43'];
const KNOWN_TWO = new Set(['00', '01', '02', '03', '10', '11', '12', '13', '15', '16', '17', '20', '21', '22', '30', '37', '90', '91', '92', '93', '94', '95', '96', '97', '98', '99']);

/** The GS1 check digit rule (mod 10, weights 3 and 1 from the right) over all but the last digit. */
export function checkDigitOk(digits) {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += Number(digits[i]) * w;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

function aiAt(s, i) {
  const two = s.slice(i, i + 2);
  if (FOUR_DIGIT_PREFIXES.includes(two)) return s.slice(i, i + 4);
  if (THREE_DIGIT_PREFIXES.includes(two)) return s.slice(i, i + 3);
  return KNOWN_TWO.has(two) ? two : null;
}

/** Parses a raw GS1 element string (GS-separated); throws naming the offset where it fails. */
export function parseElementString(s) {
  const elements = [];
  let i = s.startsWith(GS) ? 1 : 0;
  while (i < s.length) {
    if (s[i] === GS) { i++; continue; }
    const ai = aiAt(s, i);
    if (!ai || !/^\d+$/.test(ai)) throw new Error(`no known application identifier at offset ${i}`);
    i += ai.length;
    const fixed = FIXED[ai.slice(0, 2)];
    let value;
    if (fixed) {
      value = s.slice(i, i + fixed);
      if (value.length < fixed) throw new Error(`AI (${ai}) needs ${fixed} characters at offset ${i}`);
      i += fixed;
    } else {
      const end = s.indexOf(GS, i);
      value = end < 0 ? s.slice(i) : s.slice(i, end);
      i = end < 0 ? s.length : end + 1;
    }
    elements.push({ ai, value });
  }
  return elements;
}

function parseBracketed(s) {
  const elements = [];
  const re = /\((\d{2,4})\)([^(]*)/y;
  let m;
  while ((m = re.exec(s)) !== null) elements.push({ ai: m[1], value: m[2].replace(GS, '') });
  if (re.lastIndex !== s.length && elements.length === 0) throw new Error('not a bracketed element string');
  return elements;
}

function parseDigitalLink(s) {
  const url = new URL(s);
  const parts = url.pathname.split('/').filter((p) => p !== '');
  const elements = [];
  // the primary key and its qualifiers come as /ai/value pairs, possibly after a path prefix
  for (let i = 0; i + 1 < parts.length; i++) {
    if (/^\d{2,4}$/.test(parts[i]) && (elements.length > 0 || ['00', '01', '8004', '414', '8003'].includes(parts[i]))) {
      elements.push({ ai: parts[i], value: decodeURIComponent(parts[i + 1]) });
      i++;
    }
  }
  for (const [k, v] of url.searchParams) if (/^\d{2,4}$/.test(k)) elements.push({ ai: k, value: v });
  return elements;
}

function looksLikeRawGs1(s) {
  if (s.includes(GS) || s.startsWith(GS)) return true;
  return (s.startsWith('01') && s.length >= 16 && checkDigitOk(s.slice(2, 16)))
    || (s.startsWith('00') && s.length >= 20 && checkDigitOk(s.slice(2, 20)));
}

/**
 * Reads a scan. Answers { raw, code, symbology, gs1, elements: [{ai, value}], serial, sscc, gtin,
 * error }; serial/sscc null when the code carries neither (then `code` is what to use: a plain
 * serial or a location code). `gsReplacement`: the character a keyboard-wedge scanner sends for GS.
 */
export function parseScan(raw, { gsReplacement = '' } = {}) {
  let s = String(raw ?? '').replace(/[\r\n]+$/g, '').replace(/^[\r\n]+/, '');
  let symbology = null;
  if (/^\][A-Za-z][0-9A-Za-z]/.test(s)) {
    symbology = s.slice(0, 3);
    s = s.slice(3);
  }
  if (gsReplacement) s = s.split(gsReplacement).join(GS);
  s = s.replace(/^\s+|\s+$/g, '');
  const result = { raw: String(raw ?? ''), code: s.replaceAll(GS, ''), symbology, gs1: false, elements: [], serial: null, sscc: null, gtin: null, lot: null, count: null, lotLabel: false, error: null };
  if (s === '') {
    result.error = 'the scan is empty';
    return result;
  }
  try {
    if (/^https?:\/\//i.test(s)) {
      result.elements = parseDigitalLink(s);
    } else if (/^\(\d{2,4}\)/.test(s)) {
      result.elements = parseBracketed(s);
    } else if (GS1_SYMBOLOGIES.has(symbology) || looksLikeRawGs1(s)) {
      result.elements = parseElementString(s);
    }
  } catch (e) {
    if (GS1_SYMBOLOGIES.has(symbology)) result.error = `not a valid GS1 element string: ${e.message}`;
    result.elements = [];
  }
  result.gs1 = result.elements.length > 0;
  const get = (ai) => result.elements.find((e) => e.ai === ai)?.value ?? null;
  result.serial = get('21');
  result.sscc = get('00');
  result.gtin = get('01');
  // a supplier's lot label: GTIN and batch/lot, with the count of trade items (37) or the
  // variable count (30) where it says
  result.lot = get('10');
  result.count = get('37') ?? get('30');
  if (result.sscc !== null && !(result.sscc.length === 18 && checkDigitOk(result.sscc))) {
    result.error = `SSCC '${result.sscc}' is not 18 digits with a valid check digit`;
    result.sscc = null;
  }
  if (!result.gs1) {
    result.code = s.replaceAll(GS, '');
  } else if (result.serial === null && result.sscc === null && result.error === null) {
    result.lotLabel = result.gtin !== null && result.lot !== null;
    if (!result.lotLabel) result.error = `the GS1 code carries no serial (21) and no SSCC (00): ${result.elements.map((e) => `(${e.ai})${e.value}`).join('')}`;
  }
  return result;
}

/** What to send for a scan: the serial, else the SSCC, else the code itself as the serial. */
export function scanTarget(parsed) {
  if (parsed.sscc) return { sscc: parsed.sscc, serial: null };
  if (parsed.serial) return { serial: parsed.serial, sscc: null };
  return { serial: parsed.code, sscc: null };
}
