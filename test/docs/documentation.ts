import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A Markdown file of the documentation: its path from the repository's root, and its text. */
export interface Page {
  path: string;
  text: string;
}

const root = fileURLToPath(new URL('../../', import.meta.url));

/** README.md and every docs/*.md: the documentation a reader follows from the README's map. */
export function documentation(): Page[] {
  const docs = readdirSync(`${root}docs`)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', ...docs].map((path) => ({ path, text: readFileSync(`${root}${path}`, 'utf8') }));
}

export const page = (path: string): Page => ({ path, text: readFileSync(`${root}${path}`, 'utf8') });

/** The text outside fenced code blocks, line for line (a fenced line becomes empty). */
export function prose(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

/** A table's cells, split on the pipes that are not escaped. */
export const cells = (line: string): string[] =>
  line
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());

/** Every table of a page: its header's cells and its rows' cells. */
export function tables(markdown: string): { header: string[]; rows: string[][] }[] {
  const lines = prose(markdown);
  const found: { header: string[]; rows: string[][] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('|') || !/^\|\s*:?-{3,}/.test(lines[i + 1] ?? '')) continue;
    const rows: string[][] = [];
    let row = i + 2;
    for (; lines[row]?.startsWith('|'); row++) rows.push(cells(lines[row]));
    found.push({ header: cells(lines[i]), rows });
    i = row;
  }
  return found;
}
