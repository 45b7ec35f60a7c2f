import { existsSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import GithubSlugger from 'github-slugger';
import { documentation, page, prose } from './documentation.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The anchors GitHub gives a page's headings (a repeated heading gets `-1`, `-2`, …). */
function anchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(
    prose(markdown)
      .map((line) => /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1])
      .filter((heading): heading is string => heading !== undefined)
      .map((heading) => slugger.slug(heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'))),
  );
}

/** The targets of a page's inline links, outside code blocks and code spans. */
const links = (markdown: string): string[] =>
  prose(markdown)
    .map((line) => line.replace(/`[^`]*`/g, ''))
    .flatMap((line) => [...line.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(([, target]) => target));

describe('the links of the README and docs/', () => {
  it('point to files that exist, and to headings that exist in them', () => {
    const broken: string[] = [];
    for (const { path, text } of documentation()) {
      for (const target of links(text)) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
        const [file, anchor] = target.split('#', 2);
        const linked = file === '' ? path : normalize(join(dirname(path), decodeURIComponent(file)));
        if (!existsSync(join(root, linked))) {
          broken.push(`${path}: ${target} (no file ${linked})`);
        } else if (anchor !== undefined && (statSync(join(root, linked)).isDirectory() || !linked.endsWith('.md'))) {
          broken.push(`${path}: ${target} (an anchor in a file that is not Markdown)`);
        } else if (anchor !== undefined && !anchors(page(linked).text).has(anchor)) {
          broken.push(`${path}: ${target} (no heading #${anchor} in ${linked})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('include one from the README to every page of docs/', () => {
    const readme = links(page('README.md').text).map((target) => target.split('#')[0]);
    const pages = documentation()
      .map(({ path }) => path)
      .filter((path) => path.startsWith('docs/'));
    expect(pages.filter((path) => !readme.includes(path))).toEqual([]);
  });
});
