import 'reflect-metadata';
import { runMain } from '@tributary/platform';
import { SERVICE, startPromoter } from './promoter.app';

runMain(SERVICE, () => startPromoter({ env: process.env }));
