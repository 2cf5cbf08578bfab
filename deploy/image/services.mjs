// The services this image can run, and the variable naming each one's HTTP port (with its default).
export const SERVICES = {
  'ingest-gateway': { portVariable: 'GATEWAY_PORT', defaultPort: 7070 },
  profiler: { portVariable: 'PROFILER_PORT', defaultPort: 7071 },
  promoter: { portVariable: 'PROMOTER_PORT', defaultPort: 7072 },
  quality: { portVariable: 'QUALITY_PORT', defaultPort: 7073 },
  notifier: { portVariable: 'NOTIFIER_PORT', defaultPort: 7074 },
};

// Exit code of a configuration error (EX_CONFIG), as the services themselves use.
export const EXIT_CONFIG = 78;

/** The service TRIBUTARY_SERVICE names, or an explanation of what is wrong with it. */
export function selectedService(env) {
  const name = env.TRIBUTARY_SERVICE;
  const names = Object.keys(SERVICES).join(', ');
  if (!name) return { error: `TRIBUTARY_SERVICE is required: one of ${names}` };
  if (!Object.hasOwn(SERVICES, name))
    return { error: `TRIBUTARY_SERVICE must be one of ${names} (got "${name}")` };
  return { name, ...SERVICES[name] };
}
