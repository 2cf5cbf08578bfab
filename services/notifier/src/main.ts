import 'reflect-metadata';
import { runMain } from '@tributary/platform';
import { SERVICE, startNotifier } from './notifier.app';

runMain(SERVICE, () => startNotifier({ env: process.env }));
