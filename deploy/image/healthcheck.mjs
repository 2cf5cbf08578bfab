// HEALTHCHECK: the running service's /health/ready on its port answers 2xx within 2 s.
import { selectedService } from './services.mjs';

const service = selectedService(process.env);
if (service.error) process.exit(1);
const port = process.env[service.portVariable] || service.defaultPort;
try {
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`, {
    signal: AbortSignal.timeout(2000),
  });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
