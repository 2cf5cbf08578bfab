export { startQuality } from './quality.app';
