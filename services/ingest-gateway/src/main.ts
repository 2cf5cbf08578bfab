import 'reflect-metadata';
import { runMain } from '@tributary/platform';
import { SERVICE, startGateway } from './gateway.app';

runMain(SERVICE, () => startGateway({ env: process.env }));
