# One image for the five services; TRIBUTARY_SERVICE picks which one runs (deploy/README.md says why).
# Build: npm run images (tags tributary:<version> and tributary:<version>-<revision>).
# NODE_IMAGE defaults to the official Node.js image; our tests pass a locally built one of the same version.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# Only the package manifests, so the dependency layers below are rebuilt only when they change.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete && find . -type d -empty -delete

# Every dependency (dev included): what the TypeScript build needs.
FROM ${NODE_IMAGE} AS build
# A CA bundle inside the base image for npm, when a TLS-intercepting proxy sits before the registry.
ARG NPM_CONFIG_CAFILE
WORKDIR /src
COPY --from=manifests /src ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY . .
RUN npx tsc -b tsconfig.build.json \
 && find libs services tools -mindepth 2 -maxdepth 2 ! -name dist ! -name package.json -exec rm -rf {} + \
 && find libs services tools -name '*.tsbuildinfo' -delete

# Production dependencies only.
FROM ${NODE_IMAGE} AS production-dependencies
ARG NPM_CONFIG_CAFILE
WORKDIR /src
COPY --from=manifests /src ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/tributary-data/tributary
LABEL org.opencontainers.image.title="tributary" \
      org.opencontainers.image.description="Tributary services: ingest-gateway, profiler, promoter, quality, notifier (TRIBUTARY_SERVICE selects one)" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HOME=/tmp \
    TMPDIR=/tmp \
    PROMOTER_WORK_DIR=/var/lib/tributary/promoter \
    QUALITY_WORK_DIR=/var/lib/tributary/quality \
    TRIBUTARY_IMAGE_VERSION=${VERSION} \
    TRIBUTARY_IMAGE_REVISION=${REVISION}
WORKDIR /app
COPY --from=production-dependencies /src/node_modules ./node_modules
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/libs ./libs
COPY --from=build /src/services ./services
COPY --from=build /src/tools ./tools
COPY deploy/image/service-entry.mjs deploy/image/healthcheck.mjs deploy/image/services.mjs ./deploy/image/
# The only writable places: /tmp and the work folders, each where a volume (or tmpfs) is mounted.
RUN mkdir -p /var/lib/tributary/promoter /var/lib/tributary/quality \
 && chown -R 10001:10001 /var/lib/tributary && chmod 1777 /tmp
VOLUME ["/var/lib/tributary/promoter", "/var/lib/tributary/quality"]
USER 10001:10001
EXPOSE 7070 7071 7072 7073 7074
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["node", "/app/deploy/image/healthcheck.mjs"]
# node itself is PID 1: the services' own SIGTERM handler (graceful shutdown) receives the signal.
ENTRYPOINT ["node", "/app/deploy/image/service-entry.mjs"]
