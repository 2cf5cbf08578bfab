export { startPromoter } from './promoter.app';
