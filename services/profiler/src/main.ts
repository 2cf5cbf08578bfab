import 'reflect-metadata';
import { runMain } from '@tributary/platform';
import { SERVICE, startProfiler } from './profiler.app';

runMain(SERVICE, () => startProfiler({ env: process.env }));
