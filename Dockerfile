# syntax=docker/dockerfile:1
# Bobbin's container image: `docker build -t bobbin .`, then `docker compose up` (compose.yaml) or
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e AUTH_SECRET=… bobbin
# The runner stage holds Next's standalone output only (`output: 'standalone'` in next.config.ts): the server and
# the node_modules it traced, plus the files named in outputFileTracingIncludes (drizzle/ migrations, PGlite's
# WASM and data files, the native @node-rs/argon2 binary of the build platform), and our scripts/server.mjs.
# e2e/standalone.spec.ts starts this same command (`node scripts/server.mjs` in .next/standalone) in `npm test`.

ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# glibc (bookworm), so npm picks @node-rs/argon2-linux-<arch>-gnu for the platform being built.
RUN npm ci --no-audit --no-fund

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN node node_modules/next/dist/bin/next build

FROM node:${NODE_VERSION}-bookworm-slim AS runner
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
RUN groupadd --system --gid 10001 bobbin && useradd --system --uid 10001 --gid bobbin --no-create-home bobbin \
  && mkdir -p /app/.data && chown bobbin:bobbin /app/.data
COPY --from=build --chown=bobbin:bobbin /app/.next/standalone ./
# Next leaves static assets out of the standalone folder; they sit beside server.js as Next expects.
COPY --from=build --chown=bobbin:bobbin /app/.next/static ./.next/static
# Our HTTP server in front of Next's handler: it stamps the socket address that per-address limits count
# (lib/client-address.ts); Next's own server.js cannot.
COPY --from=build --chown=bobbin:bobbin /app/scripts/server.mjs /app/scripts/peer-stamp.mjs ./scripts/
USER bobbin
EXPOSE 3000
# Without DATABASE_URL the embedded database lives here (one container only; mount a volume to keep it).
VOLUME ["/app/.data"]
# Readiness: the database answers, migrations are current, not draining. Slim images have no curl: Node's fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# scripts/server.mjs handles SIGTERM (graceful shutdown within 10 s): run it as PID 1 directly, not through npm.
STOPSIGNAL SIGTERM
CMD ["node", "scripts/server.mjs"]
