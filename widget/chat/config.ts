/**
 * Reads the widget's settings from its own <script> tag. Everything on the host page is
 * untrusted input: unknown values fall back to defaults and are reported, never thrown.
 */
import { isLang, type Lang } from './messages.ts';

export type Position = 'bottom-right' | 'bottom-left';

export interface WidgetConfig {
  /** The server: the origin the script was loaded from. */
  url: string;
  token: string;
  location?: string | undefined;
  lang?: Lang | undefined;
  position: Position;
}

/** document.currentScript while the script runs; else the script whose src ends with widget.js. */
export function findScript(doc: Document): HTMLScriptElement | undefined {
  return (doc.currentScript as HTMLScriptElement | null) ?? doc.querySelector<HTMLScriptElement>('script[src$="widget.js"]') ?? undefined;
}

export function readConfig(script: HTMLScriptElement | undefined, problems: string[] = []): WidgetConfig {
  const attr = (n: string) => script?.getAttribute(`data-${n}`)?.trim() || undefined;
  let url = '';
  try {
    url = new URL(script?.src ?? '', location.href).origin;
  } catch {
    problems.push('bad src');
  }
  const token = attr('token') ?? '';
  if (!token) problems.push('no data-token');
  const lang = attr('lang');
  // An unknown data-lang or data-position quietly means the default (en, bottom-right).
  const pos = attr('position');
  const loc = attr('location');
  return {
    url,
    token,
    location: loc,
    lang: isLang(lang) ? lang : undefined,
    position: pos === 'bottom-left' ? 'bottom-left' : 'bottom-right',
  };
}
