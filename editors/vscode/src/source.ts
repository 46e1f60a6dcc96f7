// What the extension reads from a policy's text by itself: its package, its `test` items and
// its rules with their metadata. The language server knows far more; these few facts are read
// here so that the Test Explorer lists tests without a server and the controls command works on
// any text. Comments and string contents are blanked first, so that a `test "x"` inside a
// comment or a string is not taken for a test.

/** A `test` item: its name and where its head is. */
export interface TestHead {
  name: string;
  /** 0-based line of the `test` keyword, and the line of the item's closing brace. */
  line: number;
  endLine: number;
  /** Character range of the name, quotes included, on `line`. */
  start: number;
  end: number;
}

/** A rule with what its `meta` block says. */
export interface RuleInfo {
  name: string;
  line: number;
  endLine: number;
  id?: string;
  title?: string;
  controls: string[];
}

/**
 * The text with comments and the insides of strings replaced by spaces (quotes kept), line
 * breaks kept, so that offsets and lines are those of the original.
 */
export function blank(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") {
        out += " ";
        i++;
      }
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      const stop = close < 0 ? text.length : close + 2;
      for (; i < stop; i++) {
        out += text[i] === "\n" ? "\n" : " ";
      }
    } else if (c === '"') {
      // In a raw string, r"...", a backslash is an ordinary character.
      const raw = text[i - 1] === "r" && !/[A-Za-z0-9_]/.test(text[i - 2] ?? "");
      out += '"';
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== "\n") {
        const escaped = !raw && text[i] === "\\" && i + 1 < text.length && text[i + 1] !== "\n";
        out += escaped ? "  " : " ";
        i += escaped ? 2 : 1;
      }
      if (text[i] === '"') {
        out += '"';
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\n") {
      starts.push(i + 1);
    }
  }
  return starts;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

/** The offset just after the brace that closes the first `{` at or after `from`. */
function blockEnd(blanked: string, from: number): number {
  const open = blanked.indexOf("{", from);
  if (open < 0) {
    return blanked.length;
  }
  let depth = 0;
  for (let i = open; i < blanked.length; i++) {
    if (blanked[i] === "{") {
      depth++;
    } else if (blanked[i] === "}" && --depth === 0) {
      return i + 1;
    }
  }
  return blanked.length;
}

/** The package a file declares, or `undefined`. */
export function packageOf(text: string): string | undefined {
  const m = /^\s*package\s+([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)/m.exec(blank(text));
  return m?.[1].replace(/\s+/g, "");
}

/** Every `test` item of the text, in order. */
export function tests(text: string): TestHead[] {
  const blanked = blank(text);
  const starts = lineStarts(text);
  const found: TestHead[] = [];
  const head = /(^|[^A-Za-z0-9_.])test\s+"/g;
  for (let m = head.exec(blanked); m; m = head.exec(blanked)) {
    const quote = m.index + m[0].length - 1;
    const close = text.indexOf('"', quote + 1);
    if (close < 0) {
      break;
    }
    const line = lineOf(starts, quote);
    const keyword = m.index + m[1].length;
    found.push({
      name: text.slice(quote + 1, close),
      line: lineOf(starts, keyword),
      endLine: lineOf(starts, blockEnd(blanked, close + 1) - 1),
      start: quote - starts[line],
      end: close + 1 - starts[line],
    });
  }
  return found;
}

function metaString(text: string, blanked: string, body: string, key: string, offset: number): string | undefined {
  const m = new RegExp(`\\b${key}\\s*:\\s*"`).exec(body);
  if (!m) {
    return undefined;
  }
  const open = offset + m.index + m[0].length - 1;
  const close = blanked.indexOf('"', open + 1);
  return close < 0 ? undefined : text.slice(open + 1, close);
}

/** Every rule of the text with its metadata's id, title and controls. */
export function rules(text: string): RuleInfo[] {
  const blanked = blank(text);
  const starts = lineStarts(text);
  const found: RuleInfo[] = [];
  const head = /(^|[^A-Za-z0-9_.])rule\s+([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = head.exec(blanked); m; m = head.exec(blanked)) {
    const start = m.index + m[1].length;
    const end = blockEnd(blanked, start + m[0].length);
    const info: RuleInfo = {
      name: m[2],
      line: lineOf(starts, start),
      endLine: lineOf(starts, end - 1),
      controls: [],
    };
    const meta = /\bmeta\s*\{/.exec(blanked.slice(start, end));
    if (meta) {
      const metaStart = start + meta.index;
      const metaEnd = blockEnd(blanked, metaStart);
      const body = blanked.slice(metaStart, metaEnd);
      info.id = metaString(text, blanked, body, "id", metaStart);
      info.title = metaString(text, blanked, body, "title", metaStart);
      const list = /\bcontrols\s*:\s*\[([^\]]*)\]/.exec(body);
      if (list) {
        const from = metaStart + list.index;
        const to = from + list[0].length;
        for (const s of text.slice(from, to).matchAll(/"([^"]*)"/g)) {
          info.controls.push(s[1]);
        }
      }
    }
    found.push(info);
    head.lastIndex = end;
  }
  return found;
}
