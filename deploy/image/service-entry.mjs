// The image's entry point: runs the service TRIBUTARY_SERVICE names in this process (PID 1), so
// SIGTERM reaches the service's own graceful shutdown. A missing or unknown name exits 78.
import { EXIT_CONFIG, selectedService } from './services.mjs';

const service = selectedService(process.env);
if (service.error) {
  process.stderr.write(`tributary: configuration error\n  ${service.error}\n`);
  process.exit(EXIT_CONFIG);
}
await import(`/app/services/${service.name}/dist/main.js`);
