import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

const refuse = (): Promise<never> => Promise.reject(new Error('a report chart loads nothing: its data is inline'));
const NO_LOADING = { load: refuse, sanitize: refuse, http: refuse, file: refuse } as unknown as vega.Loader;

/**
 * A Vega-Lite chart compiled to Vega and rendered to SVG in this process (no browser, no canvas:
 * Vega's SVG renderer estimates text widths). Its data must be inline: the view may load nothing.
 */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', loader: NO_LOADING });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
