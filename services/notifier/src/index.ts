export { startNotifier } from './notifier.app';
