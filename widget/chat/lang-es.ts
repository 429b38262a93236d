/** Entry of dist/public/widget-es.js: hands the Spanish pack to the loaded widget, which checks it. */
import { es } from './messages-es.ts';

const w = window as unknown as { makegood?: (...a: unknown[]) => void };
w.makegood?.('messages', 'es', es);
