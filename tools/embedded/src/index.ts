export { ConfigError } from '@tributary/platform';
export { type EmbeddedConfig, type EmbeddedFlags, loadEmbeddedConfig } from './embedded.config';
export {
  type EmbeddedInstance,
  type EmbeddedServiceName,
  PortInUseError,
  startEmbedded,
} from './runner/embedded-runner';
export { DEMO_SOURCE_ID, type DemoSource } from './runner/demo-source';
export {
  ENDPOINTS_FILE,
  type Endpoints,
  endpointsPath,
  readEndpointsFile,
} from './data-folder/endpoints-file';
export { DataFolderBusyError, isAlive } from './data-folder/runner-lock';
export {
  type DemoDataset,
  type DemoUpload,
  seattleWeatherDataset,
  vegaDataDir,
} from './demo/weather-dataset';
