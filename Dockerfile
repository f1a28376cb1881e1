# Observatorio's container image (docs/deploy.md). One image for the app instances and for the
# operator's commands (`observatorio backup`, `restore`, `user create`…).
# Build: docker build -t observatorio .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The embedded PostgreSQL's install script must run (allowScripts in package.json), even
# though a container always uses DATABASE_URL: `npm ci` without it would fail the lock check.
RUN npm ci --no-audit --no-fund
COPY . .
# Dev dependencies stay: the server-side rendering bundle (dist/ssr) loads React from
# node_modules, and the incidents' country shapes come from world-atlas.
RUN NODE_ENV=production npm run build && rm -rf e2e bench fixtures test .ci

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/var/lib/observatorio \
    FILE_STORE=postgres
# tsx runs the TypeScript sources as they are (no separate compile step to drift from them).
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# Never root: the app and its scratch folder (upload staging, file cache) belong to `node`.
RUN mkdir -p /var/lib/observatorio && chown node:node /var/lib/observatorio \
  && ln -s /app/bin/observatorio.mjs /usr/local/bin/observatorio
USER node
EXPOSE 3000
# /ready answers 200 only when the database answers and every migration is applied.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "src/server/main.ts"]
