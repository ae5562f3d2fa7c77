# One image for every Herald app; docker-compose.yml picks the app with APP (ingress, policy, template,
# dispatcher, whatsapp-sandbox). The same swc build as `npm start`.
FROM node:20-bookworm-slim AS build
WORKDIR /herald
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.base.json ./
COPY tools/build tools/build
COPY libs libs
COPY apps apps
RUN node tools/build/build.cjs && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# V8 lets garbage pile up in proportion to the heap limit (4 GB by default on a large host): 512 MB keeps each
# service near 170 MB RSS at 1,000 messages/s at the same CPU (docs/benchmarks.md). As tools/dev/service-runtime.cjs,
# which `npm start` and the tests run services with (libs/testing's service-process.spec.ts holds the two together).
ENV NODE_OPTIONS=--max-old-space-size=512
# glibc's malloc keeps a pool per thread that allocates; their idle pages were 5-19 MB of each service's RSS under
# load, and two pools cost no CPU beyond the host's own variation (docs/benchmarks.md, eleventh sitting). As
# tools/dev/service-runtime.cjs.
ENV MALLOC_ARENA_MAX=2
WORKDIR /herald
COPY --from=build /herald/node_modules node_modules
COPY --from=build /herald/dist dist
COPY package.json ./
USER node
# `docker run herald node dist/apps/ingress/src/migrate.js` runs a service's migrations.
CMD ["sh", "-c", "exec node dist/apps/${APP:?set APP to ingress, ledger, notifier, policy, template, dispatcher or whatsapp-sandbox}/src/main.js"]
