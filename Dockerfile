# syntax=docker/dockerfile:1
# One image for all six knts services. Pick the service at build time (--build-arg SERVICE=broker)
# or at run time (-e SERVICE=broker, as docker-compose.yml does).

FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund
RUN npx tsc -b tsconfig.build.json
# Production dependencies only; the workspace links in node_modules/@knts point at libs/ and apps/.
RUN npm prune --omit=dev --no-audit --no-fund
# Keep only what runs: each workspace's package.json and compiled dist (plus the CLI's bin).
RUN mkdir -p /out \
 && for dir in libs/* apps/*; do \
      mkdir -p "/out/$dir" && cp "$dir/package.json" "/out/$dir/" \
      && if [ -d "$dir/dist" ]; then cp -r "$dir/dist" "/out/$dir/"; fi \
      && if [ -d "$dir/bin" ]; then cp -r "$dir/bin" "/out/$dir/"; fi; \
    done \
 && cp package.json /out/

FROM node:24-bookworm-slim AS runtime
ARG SERVICE=""
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    KNTS_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /out/ ./
USER node
# 8080 activator ingress, 8081 broker ingress, 9401-9406 admin (/healthz, /readyz, /metrics).
EXPOSE 8080 8081 9401 9402 9403 9404 9405 9406
# exec: node becomes PID 1 and receives SIGTERM itself, so the graceful shutdown runs.
CMD ["sh", "-c", "test -n \"$SERVICE\" || { echo 'set SERVICE to serving-controller, autoscaler, activator, broker, sources or pipelines' >&2; exit 64; }; exec node \"apps/$SERVICE/dist/main.js\""]
