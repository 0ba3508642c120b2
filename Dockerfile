# syntax=docker/dockerfile:1
# Image of the `back` service: the NestJS API (dist/apps/back) serving the built softphone
# (dist/apps/softphone/browser). Built by docker-compose.yml; see docs/asterisk.md.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: everything, dev dependencies included
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# No Nx daemon, no cloud, no Angular CLI analytics inside an image build.
ENV CI=true NX_DAEMON=false NX_NO_CLOUD=true NG_CLI_ANALYTICS=false
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY . .
RUN npx nx build back && npx nx build softphone --configuration=production

# ---- deps: production dependencies only (the back end bundle keeps node_modules external)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev && npm cache clean --force

# ---- runtime
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000 SOFTPHONE_DIST_DIR=dist/apps/softphone/browser
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json ./
COPY --from=build --chown=node:node /app/dist/apps/back ./dist/apps/back
COPY --from=build --chown=node:node /app/dist/apps/softphone/browser ./dist/apps/softphone/browser
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `serve` (the default command of main.js) applies pending migrations before it listens, so a
# fresh database is ready on first start; `node dist/apps/back/main.js migrate` does it alone.
CMD ["node", "dist/apps/back/main.js"]
