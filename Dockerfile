# Toi's production image. Three stages: the runtime dependencies alone, the build (with the dev
# dependencies), and the image itself: Node 20, the runtime dependencies, the build and server.mjs,
# running as the unprivileged `node` user, with a health check on /healthz.
#   docker build -t toi .
#   docker run -p 3000:3000 -v toi-data:/var/lib/toi toi      (embedded PGlite in the volume)
# compose.yaml runs it on PostgreSQL with object storage and two instances behind Caddy.

FROM node:20.20-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
# Native modules (sharp, argon2) come as prebuilt binaries for linux-x64/arm64 glibc: no compiler needed.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20.20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/toi/data \
    UPLOAD_DIR=/var/lib/toi/uploads \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY package.json server.mjs ./
COPY scripts ./scripts
RUN mkdir -p /var/lib/toi/data /var/lib/toi/uploads /var/lib/toi/backups && chown -R node:node /var/lib/toi
USER node
VOLUME ["/var/lib/toi"]
EXPOSE 3000
# /healthz answers 200 while the database answers, 503 otherwise and while shutting down.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains requests in flight (SHUTDOWN_DRAIN_MS) before the database closes.
STOPSIGNAL SIGTERM
CMD ["node", "server.mjs"]
