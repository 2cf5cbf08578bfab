export { startGateway } from './gateway.app';
