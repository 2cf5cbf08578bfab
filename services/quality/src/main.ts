import 'reflect-metadata';
import { runMain } from '@tributary/platform';
import { SERVICE, startQuality } from './quality.app';

runMain(SERVICE, () => startQuality({ env: process.env }));
