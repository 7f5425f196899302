/**
 * How a message quotes a cell or header: cut at SHOWN characters with its length said. The
 * helpers live in csv/ (below scenarios/ and import/, which both quote what they read).
 */
export { SHOWN, cutEchoes, cutShort, lengthSaid, quoted } from '../csv/index.ts';
