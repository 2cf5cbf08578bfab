export { startProfiler } from './profiler.app';
